using Compliant.AI.Internal;
using Compliant.AI.Testing;
using Compliant.AI.Tests.Guardrails;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Compliant.AI.Tests.PromptVersions;

public sealed class PromptVersionsChatClientTests
{
    // Template text is configuration, not telemetry: it must never reach the ledger, a span, a metric or a log.
    private const string TextCanary = "TEMPLATE-CANARY-7731";
    private const string V1 = "You are the policy assistant, version one. " + TextCanary;
    private const string V2 = "You are the policy assistant, version two. Answer in one sentence. " + TextCanary;

    private static PromptVersionsOptions SystemPrompt(string active = "v1", string? candidate = null, double canary = 0)
    {
        var options = new PromptVersionsOptions();
        var template = new PromptTemplateOptions { Active = active, Candidate = candidate, CanaryPercent = canary };
        template.Versions["v1"] = V1;
        template.Versions["v2"] = V2;
        options.Templates[PromptNames.System] = template;
        return options;
    }

    private static readonly ServiceProvider Keys = new ServiceCollection().AddSingleton(TestKeys.Audit).BuildServiceProvider();

    private static ChatOptions Caller(string tenant, string? instructions = null) =>
        new ChatOptions { Instructions = instructions }.WithCaller(new CallerContext("user-1", tenantId: tenant));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ActiveVersion_SentAsInstructionsAndAuditedByHashOnly(bool streaming)
    {
        var sink = new TestAuditSink();
        var inner = TestChatClient.Answering("ok");
        using var activities = new ActivityCollector();
        using var selections = new MetricCollector<long>(CompliantTelemetry.Meter, CompliantTelemetry.PromptVersions.SelectionsName);
        using var catalog = new PromptCatalog(SystemPrompt());
        using IChatClient client = new ChatClientBuilder(inner)
            .UseAuditing(sink, o => o.AbandonedStreamTimeout = Timeout.InfiniteTimeSpan)
            .UsePromptVersions(catalog)
            .Build(Keys);
        ChatOptions options = Caller("tenant-a", "Reply in English.");

        await client.GetResponseAsync(streaming, "How long are audit logs kept?", options);

        ChatOptions sent = Assert.Single(inner.Calls).Options!;
        Assert.Equal(V1 + "\n\nReply in English.", sent.Instructions);
        Assert.Equal("Reply in English.", options.Instructions); // the caller's options are not changed
        Assert.False(options.AdditionalProperties!.ContainsKey(PromptSelection.AdditionalPropertiesKey));
        Assert.Equal("v1", PromptSelection.Find(sent, PromptNames.System)!.Version);
        AuditRecord record = sink.Only();
        AuditPromptVersion audited = Assert.Single(record.Prompts!);
        Assert.Equal(new AuditPromptVersion("system", "v1", PromptCatalog.ComputeHash(V1)), audited);
        Assert.Matches("^sha256:[0-9a-f]{64}$", audited.Hash);
        Assert.Contains(record.Verdicts, v => v is { Stage: "prompts", Decision: AuditDecision.Allow, Reason: "configuration_changed" });
        Assert.Contains(activities.Stopped, a => a.OperationName == CompliantTelemetry.PromptVersions.SpanName && (string?)a.GetTagItem(CompliantTelemetry.PromptVersions.Versions) == "system@v1");
        Assert.Contains(selections.GetMeasurementSnapshot(), m => (string?)m.Tags[CompliantTelemetry.PromptVersions.Version] == "v1");
        Assert.DoesNotContain(TextCanary, sink.AllJson, StringComparison.Ordinal);
        Assert.DoesNotContain(activities.Stopped.SelectMany(a => a.TagObjects), t => t.Value?.ToString()?.Contains(TextCanary, StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_SecondCallSameConfiguration_NoSecondConfigurationVerdict(bool streaming)
    {
        var sink = new TestAuditSink();
        using var catalog = new PromptCatalog(SystemPrompt());
        using IChatClient client = new ChatClientBuilder(TestChatClient.Answering("ok"))
            .UseAuditing(sink, o => o.AbandonedStreamTimeout = Timeout.InfiniteTimeSpan)
            .UsePromptVersions(catalog)
            .Build(Keys);

        await client.GetResponseAsync(streaming, "first", Caller("t"));
        await client.GetResponseAsync(streaming, "second", Caller("t"));

        AuditRecord[] records = [.. sink.Records];
        Assert.Equal(2, records.Length);
        Assert.Single(records.SelectMany(r => r.Verdicts), v => v.Reason == "configuration_changed");
        Assert.All(records, r => Assert.Equal("v1", Assert.Single(r.Prompts!).Version));
    }

    [Fact]
    public void Select_Canary_StablePerTenantNearTheShareAndMonotone()
    {
        using var twenty = new PromptCatalog(SystemPrompt(candidate: "v2", canary: 20));
        using var fifty = new PromptCatalog(SystemPrompt(candidate: "v2", canary: 50));
        string[] tenants = [.. Enumerable.Range(0, 4000).Select(i => "tenant-" + i)];

        bool[] at20 = [.. tenants.Select(t => twenty.Select(PromptNames.System, new CallerContext(null, tenantId: t))!.IsCandidate)];
        bool[] at50 = [.. tenants.Select(t => fifty.Select(PromptNames.System, new CallerContext(null, tenantId: t))!.IsCandidate)];

        Assert.InRange(at20.Count(c => c) / 4000.0, 0.18, 0.22);
        Assert.InRange(at50.Count(c => c) / 4000.0, 0.47, 0.53);
        Assert.All(Enumerable.Range(0, tenants.Length), i => Assert.True(!at20[i] || at50[i], "raising the canary share must only add callers"));
        Assert.All(tenants.Take(50), t => Assert.Equal(
            twenty.Select(PromptNames.System, new CallerContext("someone", tenantId: t))!.Version,
            twenty.Select(PromptNames.System, new CallerContext("someone-else", tenantId: t))!.Version));
    }

    [Fact]
    public void Select_NoRolloutKeyOrUnknownName_ActiveOrNull()
    {
        using var all = new PromptCatalog(SystemPrompt(candidate: "v2", canary: 100));

        Assert.Equal("v1", all.Select(PromptNames.System, CallerContext.Anonymous)!.Version);
        Assert.Equal("v1", all.Select(PromptNames.System, null)!.Version);
        Assert.Equal("v2", all.Select(PromptNames.System, new CallerContext("u"))!.Version); // the user id serves when there is no tenant
        Assert.Null(all.Select("reask", new CallerContext("u")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reload_RollbackByConfiguration_NextRecordHasActiveVersionAndTheChange(bool streaming)
    {
        var source = new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Compliant:Prompts:Templates:system:Versions:v1"] = V1,
                ["Compliant:Prompts:Templates:system:Versions:v2"] = V2,
                ["Compliant:Prompts:Templates:system:Active"] = "v1",
                ["Compliant:Prompts:Templates:system:Candidate"] = "v2",
                ["Compliant:Prompts:Templates:system:CanaryPercent"] = "100",
            },
        };
        var configuration = new ConfigurationRoot([source.Build(new ConfigurationBuilder())]);
        var sink = new TestAuditSink();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddCompliantAI().AddPromptVersions();
        services.AddSingleton<IAuditSink>(sink);
        services.AddSingleton(TestKeys.Audit);
        using ServiceProvider provider = services.BuildServiceProvider();
        var inner = TestChatClient.Answering("ok");
        using IChatClient client = new ChatClientBuilder(inner).UseAuditing(configure: o => o.AbandonedStreamTimeout = Timeout.InfiniteTimeSpan).UsePromptVersions().Build(provider);

        await client.GetResponseAsync(streaming, "before", Caller("tenant-a"));
        configuration["Compliant:Prompts:Templates:system:CanaryPercent"] = "0";
        configuration.Reload();
        await client.GetResponseAsync(streaming, "after", Caller("tenant-a"));

        AuditRecord[] records = [.. sink.Records];
        Assert.Equal(new[] { V2, V1 }, inner.Calls.Select(c => c.Options!.Instructions));
        Assert.True(Assert.Single(records[0].Prompts!) is { Version: "v2", Candidate: true });
        Assert.True(Assert.Single(records[1].Prompts!) is { Version: "v1", Candidate: false });
        AuditVerdict change = Assert.Single(records[1].Verdicts, v => v.Reason == "configuration_changed");
        Assert.Contains("canary=0%", change.Details!["template.system"], StringComparison.Ordinal);
        Assert.NotEqual(records[0].Verdicts.Single(v => v.Reason == "configuration_changed").Details!["revision"], change.Details["revision"]);
        Assert.DoesNotContain(TextCanary, sink.AllJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_InvalidConfiguration_PreviousKeptAndLoggedWithoutText()
    {
        var configuration = new ConfigurationManager();
        configuration["Compliant:Prompts:Templates:system:Versions:v1"] = V1;
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Trace));
        services.AddCompliantAI().AddPromptVersions();
        await using ServiceProvider provider = services.BuildServiceProvider();
        PromptCatalog catalog = provider.GetRequiredService<PromptCatalog>();
        string before = catalog.Revision;

        configuration["Compliant:Prompts:Templates:system:Active"] = "v9"; // not a version: rejected
        ((IConfigurationRoot)configuration).Reload();

        Assert.Equal(before, catalog.Revision);
        Assert.Equal("v1", catalog.Select(PromptNames.System, null)!.Version);
        FakeLogRecord rejected = Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 1521);
        Assert.Contains("'v9'", rejected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Message.Contains(TextCanary, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Grounding_TemplateVersion_FramesTheSourcesAndIsAudited(bool streaming)
    {
        var options = new PromptVersionsOptions();
        var template = new PromptTemplateOptions { Active = "2026-12" };
        template.Versions["2026-12"] = "GROUNDING-RULES-2026-12. Quote only these sources:\n{sources}";
        options.Templates[PromptNames.Grounding] = template;
        var sink = new TestAuditSink();
        var services = new ServiceCollection();
        services.AddSingleton(TestKeys.Audit);
        services.AddSingleton<IRetriever>(new FixedRetriever(new RetrievedPassage { ChunkId = "leave-1", DocumentId = "leave", Text = "Employees receive 25 days of paid annual leave per calendar year.", Score = 1 }));
        using ServiceProvider provider = services.BuildServiceProvider();
        var model = TestChatClient.Answering("Employees receive 25 days of paid annual leave per calendar year [S1].");
        using var catalog = new PromptCatalog(options);
        using IChatClient client = new ChatClientBuilder(model)
            .UseAuditing(sink, o => o.AbandonedStreamTimeout = Timeout.InfiniteTimeSpan)
            .UsePromptVersions(catalog)
            .UseGrounding()
            .Build(provider);

        ChatResponse response = await client.GetResponseAsync(streaming, "How many days of annual leave do employees get?");

        Assert.True(response.GetGroundingResult()!.IsGrounded);
        string system = Assert.Single(model.Calls).Messages.First(m => m.Role == ChatRole.System).Text;
        Assert.StartsWith("GROUNDING-RULES-2026-12.", system, StringComparison.Ordinal);
        Assert.Contains("25 days", system, StringComparison.Ordinal);
        Assert.Equal("2026-12", Assert.Single(sink.Only().Prompts!).Version);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseCompliance_Registered_ProviderGetsInstructionsButNoSelections(bool streaming)
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddPromptVersions(o =>
        {
            var template = new PromptTemplateOptions();
            template.Versions["only"] = V1;
            o.Templates[PromptNames.System] = template;
        });
        TestChatClient provider = TestChatClient.Answering("ok");
        services.AddChatClient(provider).UseCompliance();
        await using ServiceProvider built = services.BuildServiceProvider();
        IChatClient client = built.GetRequiredService<IChatClient>();

        await client.GetResponseAsync(streaming, "hello", Caller("tenant-a"));

        ChatOptions sent = Assert.Single(provider.Calls).Options!;
        Assert.Equal(V1, sent.Instructions);
        Assert.DoesNotContain(sent.AdditionalProperties ?? [], p => p.Value is PromptSelection[]);
        Assert.Same(built.GetRequiredService<PromptCatalog>(), client.GetService<PromptCatalog>());
    }

    [Fact]
    public async Task GetResponse_NoTemplates_OptionsPassThroughUntouched()
    {
        var inner = TestChatClient.Answering("ok");
        using var catalog = new PromptCatalog(new PromptVersionsOptions());
        using IChatClient client = new ChatClientBuilder(inner).UsePromptVersions(catalog).Build();
        ChatOptions options = Caller("t", "mine");

        await client.GetResponseAsync(false, "hi", options);

        Assert.Same(options, Assert.Single(inner.Calls).Options);
    }
}
