using System.Text.Json;
using Compliant.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentSummarizer.Tests;

/// <summary>Customer data in log lines: redacted before the model, kept out of the ledger, restored only when allowed.</summary>
public sealed class PiiTests : IDisposable
{
    private readonly string _data = TestData.NewDataDirectory();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Summarize_RestorationOff_CanariesNeverInOutputLedgerOrModelAndSummaryStillGrounded(bool streaming)
    {
        var model = new CapturingChatClient(new EventSummarizerChatClient(new ExtractiveChatClient()));
        await using IncidentApp app = IncidentApp.Create(_data, model: model);

        IncidentReport report = await app.SummarizeAsync("pii", TestData.WithCanaries(), streaming);
        report = report with { Actions = await app.ProposeActionsAsync(report, ApprovalPolicy.Create(["rollback", "page"], false, null, null), "alice") };

        // The grounding stage checked the placeholders the model quoted against the same redacted events.
        Assert.True(report.Grounded, report.RefusalReason);
        SummarySentence alert = Assert.Single(report.Summary, s => s.Cites.Contains("a2"));
        Assert.Contains("<EMAIL_ADDRESS_1>", alert.Text, StringComparison.Ordinal);
        Assert.Contains("<IP_ADDRESS_1>", alert.Text, StringComparison.Ordinal);
        Assert.Contains("<US_BANK_NUMBER_1>", alert.Text, StringComparison.Ordinal);

        string output = JsonSerializer.Serialize(report, IncidentJson.Options);
        string ledger = TestData.ReadEverything(Path.Combine(_data, "audit"));
        Assert.NotEmpty(TestData.AuditLines(_data));
        Assert.Contains("<EMAIL_ADDRESS_", model.Seen, StringComparison.Ordinal);
        foreach (string canary in TestData.Canaries)
        {
            Assert.DoesNotContain(canary, output, StringComparison.Ordinal);
            Assert.DoesNotContain(canary, ledger, StringComparison.Ordinal);
            Assert.DoesNotContain(canary, model.Seen, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Summarize_RestorationAllowed_ModelSeesPlaceholdersOutputShowsValuesLedgerNone(bool streaming)
    {
        var model = new CapturingChatClient(new EventSummarizerChatClient(new ExtractiveChatClient()));
        await using IncidentApp app = IncidentApp.Create(_data, [new("IncidentSummarizer:RestorePii", "true")], model);

        IncidentReport report = await app.SummarizeAsync("pii", TestData.WithCanaries(), streaming);

        Assert.True(report.Grounded, report.RefusalReason);
        SummarySentence alert = Assert.Single(report.Summary, s => s.Cites.Contains("a2"));
        string ledger = TestData.ReadEverything(Path.Combine(_data, "audit"));
        foreach (string canary in TestData.Canaries)
        {
            Assert.Contains(canary, alert.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(canary, model.Seen, StringComparison.Ordinal);
            Assert.DoesNotContain(canary, ledger, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The library's own path with restoration off: raw events as sources, the PII stage set to <c>Restore = false</c>.
    /// The answer holds placeholders where the passages hold values; grounding treats a placeholder as neither support
    /// nor claim, so the summary is grounded and no customer value reaches the caller. (Before that library fix this
    /// pipeline refused every such summary, which is why the sample also redacts the events itself in
    /// <see cref="IncidentApp.PrepareEvents"/>; that path stays, and keeps the timeline free of customer data too.)
    /// </summary>
    [Fact]
    public async Task NaivePipeline_StageRestoreOffWithRawSources_GroundedWithoutCustomerValues()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCompliantAI().AddPiiDetection().AddPiiRedaction(o => o.Restore = false)
            .AddGrounding(o => { o.CitationMode = GroundingCitationMode.PerSentence; o.TopK = 50; });
        services.AddSingleton<IRetriever, IncidentEventRetriever>();
        services.AddChatClient(new EventSummarizerChatClient(new ExtractiveChatClient())).UseCompliance();
        await using ServiceProvider provider = services.BuildServiceProvider();
        IncidentEventRetriever.Use(TestData.WithCanaries());

        ChatResponse response = await provider.GetRequiredService<IChatClient>().GetResponseAsync(
            "Summarize this incident.", new ChatOptions().WithCaller(new CallerContext("test")));

        Assert.True(response.GetGroundingResult()!.IsGrounded, response.GetGroundingResult()!.Reason);
        Assert.Contains("<", response.Text, StringComparison.Ordinal);
        Assert.All(TestData.Canaries, canary => Assert.DoesNotContain(canary, response.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PrepareEvents_RestorationOff_SameValueSamePlaceholderAcrossEvents()
    {
        await using IncidentApp app = IncidentApp.Create(_data);

        IReadOnlyList<IncidentEvent> prepared = app.PrepareEvents(TestData.WithCanaries());

        Assert.Contains("<US_BANK_NUMBER_1>", prepared.Single(e => e.Id == "a2").Text, StringComparison.Ordinal);
        Assert.Contains("<US_BANK_NUMBER_1>", prepared.Single(e => e.Id == "a3").Text, StringComparison.Ordinal);
        Assert.Contains("<IP_ADDRESS_1>", prepared.Single(e => e.Id == "a3").Text, StringComparison.Ordinal);
        Assert.Equal("Rolled back payments-api to v4.9.9.", prepared.Single(e => e.Id == "a4").Text);
    }
}
