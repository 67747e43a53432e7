using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using static Compliant.AI.Tests.PiiRedaction.RedactionTestHelpers;

namespace Compliant.AI.Tests.PiiRedaction;

public class DistributedPseudonymVaultTests
{
    [Fact]
    public async Task GetOrAdd_SharedCacheAcrossInstances_SamePlaceholdersAndRestore()
    {
        var cache = new RecordingCache();
        PiiKey key = PiiKey.CreateRandom();
        var a = new DistributedPseudonymVault(cache, key);
        var b = new DistributedPseudonymVault(cache, key);

        Assert.Equal("<PERSON_1>", await a.GetOrAddPseudonymAsync("conv", "PERSON", TestPiiDetector.Name));
        Assert.Equal("<PERSON_1>", await b.GetOrAddPseudonymAsync("conv", "PERSON", TestPiiDetector.Name));
        Assert.Equal("<PERSON_2>", await b.GetOrAddPseudonymAsync("conv", "PERSON", "John Smith"));
        Assert.Equal("<PERSON_1>", await a.GetOrAddPseudonymAsync("other", "PERSON", "John Smith"));

        Assert.Equal(TestPiiDetector.Name, await b.GetValueAsync("conv", "<PERSON_1>"));
        Assert.Equal("John Smith", await a.GetValueAsync("other", "<PERSON_1>"));
        Assert.Null(await a.GetValueAsync("unknown", "<PERSON_1>"));
        Assert.Null(await new DistributedPseudonymVault(cache, PiiKey.CreateRandom()).GetValueAsync("conv", "<PERSON_1>"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Middleware_WithDistributedVault_NoRawValueInAnyCacheKeyOrStoredBytes(bool streaming)
    {
        var cache = new RecordingCache();
        var vault = new DistributedPseudonymVault(cache, PiiKey.CreateRandom(), TimeSpan.FromMinutes(30));
        IChatClient client = new PiiRedactionChatClient(EchoModel(), new TestPiiDetector(), vault: vault);
        var options = new ChatOptions { ConversationId = "conversation-42" };

        ChatResponse first = await client.GetResponseAsync(streaming, $"{TestPiiDetector.Name} {TestPiiDetector.Ssn} {TestPiiDetector.Email} {TestPiiDetector.Card}", options);
        ChatResponse second = await client.GetResponseAsync(streaming, "<PERSON_1> <US_SSN_1>", options);

        Assert.Equal($"{TestPiiDetector.Name} {TestPiiDetector.Ssn} {TestPiiDetector.Email} {TestPiiDetector.Card}", first.Text);
        Assert.Equal("<PERSON_1> <US_SSN_1>", second.Text); // typed literals come back as typed, never as the vault's values
        Assert.NotEmpty(cache.Writes);
        foreach ((string key, byte[] value) in cache.Writes)
        {
            Assert.StartsWith("compliant-ai:pii:", key);
            Assert.DoesNotContain("conversation-42", key);
            AssertNoCanary(key, "cache key");
            AssertNoCanary(Encoding.UTF8.GetString(value), "cache entry (UTF-8)");
            AssertNoCanary(Encoding.Unicode.GetString(value), "cache entry (UTF-16)");
            AssertNoCanary(Encoding.Latin1.GetString(value), "cache entry (Latin-1)");
            Assert.DoesNotContain("PERSON", Encoding.UTF8.GetString(value) + Encoding.Unicode.GetString(value));
        }
    }

    [Fact]
    public async Task GetOrAdd_LoneSurrogateValue_RoundTripsExactly()
    {
        var vault = new DistributedPseudonymVault(new RecordingCache(), PiiKey.CreateRandom());
        string value = "x\uD800y";
        string placeholder = await vault.GetOrAddPseudonymAsync("s", "PERSON", value);

        Assert.Equal(value, await vault.GetValueAsync("s", placeholder));
    }

    [Fact]
    public async Task GetOrAdd_ConcurrentOnOneInstance_NoDuplicatePlaceholders()
    {
        var vault = new DistributedPseudonymVault(new RecordingCache(), PiiKey.CreateRandom());
        string[] placeholders = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () => await vault.GetOrAddPseudonymAsync("s", "PERSON", $"n{i % 50}"))));

        Assert.Equal(50, placeholders.Distinct().Count());
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal($"n{i}", await vault.GetValueAsync("s", placeholders[i]));
        }
    }

    [Fact]
    public async Task GetOrAdd_CacheExpiresKeysOneByOne_NeverIssuesOnePlaceholderToTwoValues()
    {
        // A real MemoryDistributedCache on a fake clock: each key slides on its own, as Redis does. Using Maria's
        // placeholder keeps it alive; on main only her value key slid, the counter and placeholder keys expired, and
        // John Smith was issued <PERSON_1> too (issue 10, row 13).
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        MemoryDistributedCache cache = TestCaches.MemoryDistributedCache(time);
        var vault = new DistributedPseudonymVault(cache, PiiKey.CreateRandom(), TimeSpan.FromMinutes(30));
        string maria = await vault.GetOrAddPseudonymAsync("conv", "PERSON", TestPiiDetector.Name);
        for (int i = 0; i < 6; i++)
        {
            time.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(maria, await vault.GetOrAddPseudonymAsync("conv", "PERSON", TestPiiDetector.Name));
        }

        string john = await vault.GetOrAddPseudonymAsync("conv", "PERSON", "John Smith");

        Assert.NotEqual(maria, john);
        Assert.Equal(TestPiiDetector.Name, await vault.GetValueAsync("conv", maria));
        Assert.Equal("John Smith", await vault.GetValueAsync("conv", john));
    }

    [Fact]
    public async Task GetValue_ScopeIdleBeyondExpiry_AllEntriesDieTogether()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var vault = new DistributedPseudonymVault(TestCaches.MemoryDistributedCache(time), PiiKey.CreateRandom(), TimeSpan.FromMinutes(30));
        await vault.GetOrAddPseudonymAsync("conv", "PERSON", TestPiiDetector.Name);
        time.Advance(TimeSpan.FromMinutes(20));
        await vault.GetOrAddPseudonymAsync("conv", "PERSON", "John Smith");

        time.Advance(TimeSpan.FromMinutes(31));

        Assert.Null(await vault.GetValueAsync("conv", "<PERSON_1>"));
        Assert.Null(await vault.GetValueAsync("conv", "<PERSON_2>"));
        Assert.Equal("<PERSON_1>", await vault.GetOrAddPseudonymAsync("conv", "PERSON", "Wei Zhang"));
        Assert.Null(await vault.GetValueAsync("conv", "<PERSON_2>"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Middleware_CacheExpiresKeysOneByOne_AnswerNeverNamesTheWrongPerson(bool streaming)
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var vault = new DistributedPseudonymVault(TestCaches.MemoryDistributedCache(time), PiiKey.CreateRandom(), TimeSpan.FromMinutes(30));
        IChatClient client = new PiiRedactionChatClient(EchoModel(), new TestPiiDetector(), vault: vault);
        var options = new ChatOptions { ConversationId = "conv" };
        await client.GetResponseAsync(streaming, $"{TestPiiDetector.Name} has the diabetes diagnosis.", options);
        for (int i = 0; i < 6; i++)
        {
            time.Advance(TimeSpan.FromMinutes(20));
            await client.GetResponseAsync(streaming, $"Still {TestPiiDetector.Name}.", options);
        }

        ChatResponse answer = await client.GetResponseAsync(streaming, $"John Smith and {TestPiiDetector.Name}.", options);

        Assert.Equal($"John Smith and {TestPiiDetector.Name}.", answer.Text);
    }

    /// <summary>The real <see cref="MemoryDistributedCache"/>, recording every key and value written.</summary>
    private sealed class RecordingCache : IDistributedCache
    {
        private readonly MemoryDistributedCache _inner = new(Options.Create(new MemoryDistributedCacheOptions()));

        public ConcurrentQueue<(string Key, byte[] Value)> Writes { get; } = new();

        public byte[]? Get(string key) => _inner.Get(key);

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => _inner.GetAsync(key, token);

        public void Refresh(string key) => _inner.Refresh(key);

        public Task RefreshAsync(string key, CancellationToken token = default) => _inner.RefreshAsync(key, token);

        public void Remove(string key) => _inner.Remove(key);

        public Task RemoveAsync(string key, CancellationToken token = default) => _inner.RemoveAsync(key, token);

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
        {
            Writes.Enqueue((key, value));
            _inner.Set(key, value, options);
        }

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            Assert.NotNull(options.SlidingExpiration);
            Writes.Enqueue((key, value));
            return _inner.SetAsync(key, value, options, token);
        }
    }
}
