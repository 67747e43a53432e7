using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Compliant.AI.Tests.DependencyInjection;

public sealed class ComplianceChatClientBuilderExtensionsTests
{
    /// <summary>A variable name no environment sets, so the tests do not depend on the machine's COMPLIANT_AUDIT_KEY.</summary>
    private const string UnsetVariable = "COMPLIANT_AI_TEST_NEVER_SET_3F1C";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseCompliance_InMemorySinkWithoutAnyKey_AuditsEveryCall(bool streaming)
    {
        Assert.Null(Environment.GetEnvironmentVariable(UnsetVariable));
        var services = new ServiceCollection();
        services.AddCompliantAI().AddAuditing(o => o.KeyEnvironmentVariable = UnsetVariable).AddInMemoryAuditSink();
        services.AddChatClient(TestChatClient.Answering("Retention is six years.")).UseCompliance();
        await using ServiceProvider provider = services.BuildServiceProvider();

        IChatClient chat = provider.GetRequiredService<IChatClient>(); // before the fix: "the audit key environment variable ... is not set"
        ChatResponse response = await chat.GetResponseAsync(streaming, "How long are audit logs kept?");

        AuditRecord record = Assert.Single(provider.GetRequiredService<InMemoryAuditSink>().Records);
        Assert.Equal(record.RecordId, response.GetAuditRecordId());
        Assert.Equal(AuditOutcome.Succeeded, record.Outcome);
        Assert.NotNull(Assert.Single(record.Request).Digest);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseAuditing_DocsTestRecipe_WorksWithoutKey(bool streaming)
    {
        // Where COMPLIANT_AUDIT_KEY happens to be set this uses it; UseCompliance_InMemorySinkWithoutAnyKey_AuditsEveryCall
        // covers the key-free path on every machine.
        var services = new ServiceCollection();
        services.AddCompliantAI().AddInMemoryAuditSink(); // the recipe in docs/audit.md
        services.AddChatClient(TestChatClient.Answering("ok")).UseAuditing();
        await using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IChatClient>().GetResponseAsync(streaming, "hi");

        Assert.Single(provider.GetRequiredService<InMemoryAuditSink>().Records);
    }

    [Fact]
    public async Task UseAuditing_TwoPipelinesOnOneInMemorySink_DigestAlike()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddAuditing(o => o.KeyEnvironmentVariable = UnsetVariable).AddInMemoryAuditSink();
        await using ServiceProvider provider = services.BuildServiceProvider();
        IChatClient a = new ChatClientBuilder(TestChatClient.Answering("ok")).UseAuditing().Build(provider);
        IChatClient b = new ChatClientBuilder(TestChatClient.Answering("ok")).UseAuditing().Build(provider);

        await a.GetResponseAsync("same question");
        await b.GetResponseAsync("same question");

        IReadOnlyList<AuditRecord> records = provider.GetRequiredService<InMemoryAuditSink>().Records;
        Assert.Equal(2, records.Count);
        Assert.Equal(records[0].Request[0].Digest, records[1].Request[0].Digest);
    }

    [Fact]
    public void UseAuditing_DurableSinkWithoutKey_StillFailsWithClearMessage()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddAuditing(o => o.KeyEnvironmentVariable = UnsetVariable);
        services.AddSingleton<IAuditSink>(new TestAuditSink());
        services.AddChatClient(TestChatClient.Answering("ok")).UseCompliance();
        using ServiceProvider provider = services.BuildServiceProvider();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IChatClient>());
        Assert.Contains(UnsetVariable, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseCompliance_NoAuditingRegistered_AddsNoAuditingStageAndWarns(bool streaming)
    {
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs)));
        services.AddCompliantAI();
        services.AddChatClient(TestChatClient.Answering("ok")).UseCompliance();
        await using ServiceProvider provider = services.BuildServiceProvider();

        IChatClient chat = provider.GetRequiredService<IChatClient>(); // before the fix: "UseAuditing needs an IAuditSink"
        ChatResponse response = await chat.GetResponseAsync(streaming, "hi");

        Assert.Equal("ok", response.Text);
        Assert.Null(chat.GetService<AuditingChatClient>());
        Assert.Null(response.GetAuditRecordId());
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id == 1094 && r.Level == LogLevel.Warning && r.Category == "Microsoft.Extensions.AI.ComplianceChatClientBuilderExtensions");
    }

    [Fact]
    public void UseCompliance_AddAuditingWithoutSink_FailsAtBuild()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddAuditing(o => o.KeyEnvironmentVariable = UnsetVariable);
        services.AddChatClient(TestChatClient.Answering("ok")).UseCompliance();
        using ServiceProvider provider = services.BuildServiceProvider();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IChatClient>());
        Assert.Contains("IAuditSink", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseCompliance_SinkRegistered_AuditsOutermost(bool streaming)
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddAuditKey(TestKeys.Audit).AddInMemoryAuditSink();
        services.AddChatClient(TestChatClient.Answering("ok")).UseCompliance();
        await using ServiceProvider provider = services.BuildServiceProvider();

        IChatClient chat = provider.GetRequiredService<IChatClient>();
        await chat.GetResponseAsync(streaming, "hi");

        Assert.NotNull(chat.GetService<AuditingChatClient>());
        Assert.Equal(TestKeys.Audit.DigestText("hi"), Assert.Single(provider.GetRequiredService<InMemoryAuditSink>().Records).Request[0].Digest);
    }
}
