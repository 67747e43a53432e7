using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using StackExchange.Redis;

namespace Compliant.AI.Benchmarks.ScaleOut;

/// <summary>
/// One request's pseudonym round trip through <see cref="PiiRedactionChatClient"/> (redact a prompt carrying four
/// personal values, restore the four placeholders in the answer) with <see cref="RedisPseudonymVault"/> beside the
/// in-memory vault, for a conversation's first turn (a new scope: four entries created) and a later turn (the same scope:
/// four entries found). The detector is fixed and the model a fixed answer, so the difference is the vault.
/// </summary>
/// <remarks>Needs a Redis server: <c>COMPLIANT_TEST_REDIS</c> (see <c>benchmarks/scripts/with-servers.sh</c>).</remarks>
[MemoryDiagnoser]
public class RedisPseudonymVaultBenchmarks
{
    private const string Prompt =
        "Please draft a referral letter for Maria Okafor (SSN 219-09-9999). She can be reached at maria.okafor@example.org " +
        "or on +1 415 555 0132; summarise her last visit and the follow-up plan in three sentences.";

    private ConnectionMultiplexer _redis = null!;
    private PiiRedactionChatClient _inMemory = null!;
    private PiiRedactionChatClient _distributed = null!;
    private List<ChatMessage> _messages = null!;
    private ChatOptions _sameConversation = null!;
    private long _conversation;

    [GlobalSetup]
    public void Setup()
    {
        _redis = ConnectionMultiplexer.Connect(ScaleOutServers.Redis);
        var entities = new List<PiiEntity>();
        void Add(string type, string value)
        {
            int start = Prompt.IndexOf(value, StringComparison.Ordinal);
            entities.Add(new PiiEntity(type, start, start + value.Length, 0.9));
        }

        Add(PiiEntityTypes.Person, "Maria Okafor");
        Add(PiiEntityTypes.UsSsn, "219-09-9999");
        Add(PiiEntityTypes.EmailAddress, "maria.okafor@example.org");
        Add(PiiEntityTypes.PhoneNumber, "+1 415 555 0132");
        _messages = [new ChatMessage(ChatRole.System, "You are a careful clinical assistant."), new ChatMessage(ChatRole.User, Prompt)];

        var inner = new FixedAnswerChatClient(
            "Dear colleague, I refer <PERSON_1> (SSN <US_SSN_1>), seen last week for a follow-up of her hypertension; readings are " +
            "stable on the current dose. Please see her within four weeks. She prefers <EMAIL_ADDRESS_1>, or <PHONE_NUMBER_1> " +
            "after 5 pm.",
            newResponsePerCall: true);
        var detector = new FixedDetector(Prompt, entities);
        _inMemory = new PiiRedactionChatClient(inner, detector, vault: new InMemoryPseudonymVault());
        _distributed = new PiiRedactionChatClient(inner, detector, vault: new RedisPseudonymVault(_redis, PiiKey.CreateRandom()));
        _sameConversation = new ChatOptions { ConversationId = "bench-conversation-" + Guid.NewGuid().ToString("N") };

        // Both vaults hold the later-turn conversation before the measured turns, and restoring works at all.
        foreach (PiiRedactionChatClient client in new[] { _inMemory, _distributed })
        {
            string text = client.GetResponseAsync(_messages, _sameConversation).GetAwaiter().GetResult().Text;
            if (!text.Contains("Maria Okafor", StringComparison.Ordinal) || !text.Contains("+1 415 555 0132", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The answer's placeholders were not restored; the benchmark would measure the wrong thing.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _inMemory.Dispose();
        _distributed.Dispose();
        _redis.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> InMemoryVaultFirstTurn() => _inMemory.GetResponseAsync(_messages, NewConversation());

    [Benchmark]
    public Task<ChatResponse> RedisVaultFirstTurn() => _distributed.GetResponseAsync(_messages, NewConversation());

    [Benchmark]
    public Task<ChatResponse> InMemoryVaultLaterTurn() => _inMemory.GetResponseAsync(_messages, _sameConversation);

    [Benchmark]
    public Task<ChatResponse> RedisVaultLaterTurn() => _distributed.GetResponseAsync(_messages, _sameConversation);

    private ChatOptions NewConversation() =>
        new() { ConversationId = "bench-" + Interlocked.Increment(ref _conversation).ToString(CultureInfo.InvariantCulture) };

    private sealed class FixedDetector(string text, IReadOnlyList<PiiEntity> entities) : IPiiDetector
    {
        public IReadOnlyList<PiiEntity> Detect(string input, CancellationToken cancellationToken = default) =>
            input == text ? entities : [];
    }
}

/// <summary>
/// One request's budget work as the cost-control stage does it (reserve the estimate against the day's and the month's
/// limit, then settle the difference to the actual cost on both) with <see cref="RedisBudgetStore"/> (atomic Lua scripts)
/// beside <see cref="InMemoryBudgetStore"/>, with 1 and 64 concurrent requests on one tenant's keys; "Mean" is per request.
/// </summary>
/// <remarks>Needs a Redis server: <c>COMPLIANT_TEST_REDIS</c> (see <c>benchmarks/scripts/with-servers.sh</c>).</remarks>
[MemoryDiagnoser]
public class RedisBudgetStoreBenchmarks
{
    public const int RequestsPerInvocation = 64;

    private ConnectionMultiplexer _redis = null!;
    private InMemoryBudgetStore _inMemory = null!;
    private RedisBudgetStore _distributed = null!;
    private string _dayKey = string.Empty;
    private string _monthKey = string.Empty;
    private DateTimeOffset _expiresAt;

    [Params(1, 64)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _redis = ConnectionMultiplexer.Connect(ScaleOutServers.Redis);
        _inMemory = new InMemoryBudgetStore();
        _distributed = new RedisBudgetStore(_redis);
        string tenant = "bench-" + Guid.NewGuid().ToString("N")[..12];
        _dayKey = $"compliant_ai:budget:{tenant}:day:2026-12-06";
        _monthKey = $"compliant_ai:budget:{tenant}:month:2026-12";
        _expiresAt = DateTimeOffset.UtcNow.AddDays(2);
    }

    [GlobalCleanup]
    public void Cleanup() => _redis.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = RequestsPerInvocation)]
    public Task InMemoryReserveAndSettle() => Run(_inMemory);

    [Benchmark(OperationsPerInvoke = RequestsPerInvocation)]
    public Task RedisReserveAndSettle() => Run(_distributed);

    private Task Run(IBudgetStore store)
    {
        int perWorker = RequestsPerInvocation / Concurrency;
        return Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < perWorker; i++)
            {
                await RequestAsync(store);
            }
        })));
    }

    private async Task RequestAsync(IBudgetStore store)
    {
        // Estimate 0.0125 (prompt plus the maximum output), actual 0.0041: settle releases the difference on both keys.
        const decimal Estimate = 0.0125m;
        const decimal Actual = 0.0041m;
        if (!await store.TryReserveAsync(_dayKey, Estimate, decimal.MaxValue / 4, _expiresAt)
            || !await store.TryReserveAsync(_monthKey, Estimate, decimal.MaxValue / 4, _expiresAt))
        {
            throw new InvalidOperationException("A reservation far below the limit was refused.");
        }

        await store.AddAsync(_dayKey, Actual - Estimate, _expiresAt);
        await store.AddAsync(_monthKey, Actual - Estimate, _expiresAt);
    }
}
