using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Compliant.AI.Internal;
using Compliant.AI.Tests.Guardrails;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Tests.ToolPolicy;

/// <summary>
/// A tool-calling pipeline for tests: a scripted model that proposes one call of <c>refund_payment</c> and then answers with the
/// tool's result, <c>UseAuditing().UseToolPolicy().UseFunctionInvocation()</c>, a fake clock, and collectors for every output
/// channel (audit, logs, spans, metrics) so tests can prove a canary never reaches them.
/// </summary>
internal sealed class ToolPolicyHarness : IDisposable
{
    public const string Canary = "canary-4111111111111111";
    public const string Tool = "refund_payment";

    private readonly ServiceProvider _provider;
    private readonly ActivityCollector _activities = new();
    private readonly MetricCollector<long> _decisions = new(CompliantTelemetry.Meter, CompliantTelemetry.ToolPolicy.DecisionsName);
    private int _executions;
    private int _callNumber;

    public ToolPolicyHarness(Action<ToolPolicyOptions>? configure = null, IToolApprover? approver = null, bool functionInvocation = true, Func<IDictionary<string, object?>>? arguments = null, bool policyInsideLoop = false)
    {
        Arguments = arguments ?? (() => new Dictionary<string, object?> { ["amount"] = 250.0, ["currency"] = "EUR", ["note"] = Canary });
        var services = new ServiceCollection();
        services.AddSingleton(TestKeys.Audit);
        services.AddSingleton<TimeProvider>(Time);
        // FunctionInvokingChatClient logs tool arguments and results at Trace (Microsoft.Extensions.AI's own sensitive
        // logging, documented in docs/guardrails.md): that category stays at Debug here, ours at Trace.
        services.AddLogging(b => b.AddProvider(new FakeLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Trace).AddFilter("Microsoft.Extensions.AI", LogLevel.Debug));
        if (approver is not null)
        {
            services.AddSingleton(approver);
        }

        services.AddCompliantAI().AddToolPolicy(configure);
        _provider = services.BuildServiceProvider();
        Function = AIFunctionFactory.Create(
            (double amount, string currency, string note) =>
            {
                Interlocked.Increment(ref _executions);
                return $"refunded {amount} {currency}";
            },
            Tool);
        Model = new TestChatClient
        {
            GetResponseAsyncCallback = (messages, _, _) => Task.FromResult(Next(messages)),
            GetStreamingResponseAsyncCallback = (messages, _, ct) => Stream(Next(messages), ct),
        };
        ChatClientBuilder builder = new ChatClientBuilder(Model)
            .UseAuditing(Sink, o => o.AbandonedStreamTimeout = Timeout.InfiniteTimeSpan);
        if (policyInsideLoop)
        {
            builder = builder.UseFunctionInvocation().UseToolPolicy(); // the documented anti-pattern
        }
        else
        {
            builder = builder.UseToolPolicy();
            if (functionInvocation)
            {
                builder = builder.UseFunctionInvocation();
            }
        }

        Client = builder.Build(_provider);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

    public TestAuditSink Sink { get; } = new();

    public FakeLogCollector Logs { get; } = new();

    public Func<IDictionary<string, object?>> Arguments { get; set; }

    public AIFunction Function { get; }

    public TestChatClient Model { get; }

    public IChatClient Client { get; }

    /// <summary>Gets how many times the tool's body ran.</summary>
    public int Executions => Volatile.Read(ref _executions);

    public static CallerContext Billing(string user = "u-1", string tenant = "bank-eu") =>
        new(user, groups: ["finance"], roles: ["billing-agent"], tenantId: tenant, purposeOfUse: "OPERATIONS");

    public ChatOptions Options(CallerContext caller) => new ChatOptions { Tools = [Function] }.WithCaller(caller);

    public Task<ChatResponse> AskAsync(bool streaming, CallerContext caller) =>
        Client.GetResponseAsync(streaming, [new ChatMessage(ChatRole.User, "Refund the last payment.")], Options(caller));

    /// <summary>Gets the tool results the model was sent, in order.</summary>
    public List<FunctionResultContent> ResultsSentToModel() =>
        [.. Model.Calls.SelectMany(c => c.Messages).SelectMany(m => m.Contents).OfType<FunctionResultContent>()];

    public IEnumerable<AuditVerdict> ToolVerdicts() => Sink.Records.SelectMany(r => r.Verdicts).Where(v => v.Stage == ToolPolicyReasons.StageName);

    /// <summary>Asserts that the canary is in no log, span, metric or audit record.</summary>
    public void AssertNoCanary(params string?[] more)
    {
        string logs = string.Join("\n", Logs.GetSnapshot().Select(r => r.Category + " " + r.Level + " " + r.Message + " " + string.Join(",", r.StructuredState?.Select(s => s.Value) ?? [])));
        string spans = string.Join("\n", _activities.Stopped.SelectMany(a => a.TagObjects.Select(t => $"{t.Key}={t.Value}").Concat(a.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}")))));
        string metrics = string.Join("\n", _decisions.GetMeasurementSnapshot().SelectMany(m => m.Tags.Select(t => $"{t.Key}={t.Value}")));
        foreach (string? text in new[] { logs, spans, metrics, Sink.AllJson }.Concat(more))
        {
            Assert.DoesNotContain("4111111111111111", text ?? string.Empty, StringComparison.Ordinal);
        }

        Assert.NotEmpty(Sink.Records); // the check above looked at a real record
    }

    public IReadOnlyList<CollectedMeasurement<long>> Decisions() => _decisions.GetMeasurementSnapshot();

    public void Dispose()
    {
        Client.Dispose();
        _activities.Dispose();
        _decisions.Dispose();
        _provider.Dispose();
    }

    private ChatResponse Next(IEnumerable<ChatMessage> messages)
    {
        List<ChatMessage> list = [.. messages];
        int lastUser = list.FindLastIndex(m => m.Role == ChatRole.User && m.Contents.OfType<TextContent>().Any());
        FunctionResultContent? result = list.Skip(lastUser + 1).SelectMany(m => m.Contents).OfType<FunctionResultContent>().LastOrDefault();
        if (result is null)
        {
            string callId = $"call-{Interlocked.Increment(ref _callNumber)}";
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, Tool, Arguments())]));
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, $"tool said: {result.Result}"));
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Stream(ChatResponse response, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return update;
        }
    }
}
