using System.Text.Json;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace IncidentSummarizer.Tests;

/// <summary>The grounded summary, in process, in both call styles, on the embedded offline model.</summary>
public sealed class SummarizeTests : IAsyncLifetime
{
    private readonly string _data = TestData.NewDataDirectory();
    private IncidentApp _app = null!;

    public Task InitializeAsync()
    {
        _app = IncidentApp.Create(_data);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static TheoryData<string, bool> Incidents()
    {
        var data = new TheoryData<string, bool>();
        foreach (string name in new[] { "01-payments-bad-deploy", "05-ehr-disk-full", "08-otp-provider-outage", "14-key-rotation-no-reload" })
        {
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Incidents))]
    public async Task Summarize_BundledIncident_EverySentenceCitesAnExistingEvent(string name, bool streaming)
    {
        IReadOnlyList<IncidentEvent> events = TestData.Bundled(name);

        IncidentReport report = await _app.SummarizeAsync(name, events, streaming);

        Assert.True(report.Grounded, report.RefusalReason);
        Assert.InRange(report.Summary.Count, 2, 6);
        var ids = events.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(report.Summary, s =>
        {
            Assert.NotEmpty(s.Cites);
            Assert.All(s.Cites, id => Assert.Contains(id, ids));
            Assert.DoesNotContain("[S", s.Text, StringComparison.Ordinal);
        });
        Assert.NotNull(report.AuditRecordId);
    }

    [Theory]
    [MemberData(nameof(Incidents))]
    public async Task Summarize_BundledIncident_TimelineOrderedAndRootCauseEvidenceExists(string name, bool streaming)
    {
        IncidentReport report = await _app.SummarizeAsync(name, TestData.Bundled(name), streaming);

        Assert.Equal(report.Timeline.OrderBy(e => e.Timestamp).Select(e => e.Id), report.Timeline.Select(e => e.Id));
        RootCause rootCause = Assert.IsType<RootCause>(report.RootCause);
        Assert.All(rootCause.Evidence, id => Assert.Contains(report.Timeline, e => e.Id == id));
        Assert.Equal(rootCause.EventId, rootCause.Evidence[0]);
    }

    [Theory]
    [InlineData("01-payments-bad-deploy", false, new[] { "e03", "e06", "e13", "e14" })]
    [InlineData("01-payments-bad-deploy", true, new[] { "e03", "e06", "e13", "e14" })]
    [InlineData("13-interest-job-twice", false, new[] { "e01", "e04", "e11", "e12" })]
    [InlineData("13-interest-job-twice", true, new[] { "e01", "e04", "e11", "e12" })]
    public async Task Summarize_ThroughGuardrails_QuotesRootCauseAlertFixAndResolutionWithoutDatamarks(string name, bool streaming, string[] expected)
    {
        // The guardrails datamark the events (Rolled^back^payments-api...): the embedded model must still find the fix
        // event (e13, e12: the heuristic's "rolled back", "disabled") and quote it readably. e12 of incident 13 was also
        // flagged as injection at the detector's default document threshold.
        IncidentReport report = await _app.SummarizeAsync(name, TestData.Bundled(name), streaming);

        Assert.True(report.Grounded, report.RefusalReason);
        Assert.Equal(expected, report.Summary.SelectMany(s => s.Cites));
        Assert.All(report.Summary, s => Assert.DoesNotContain("^", s.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Summarize_StreamingAndNonStreaming_GiveTheSameSummary()
    {
        IReadOnlyList<IncidentEvent> events = TestData.Bundled("03-db-pool-exhaustion");

        IncidentReport plain = await _app.SummarizeAsync("03", events, streaming: false);
        IncidentReport streamed = await _app.SummarizeAsync("03", events, streaming: true);

        Assert.Equal(JsonSerializer.Serialize(plain.Summary), JsonSerializer.Serialize(streamed.Summary));
        Assert.Equal(plain.RootCause?.EventId, streamed.RootCause?.EventId);
    }

    [Fact]
    public async Task Summarize_ShuffledFile_TimelineSortedByTimestamp()
    {
        // 04 is stored out of order on purpose.
        string[] stored = File.ReadAllLines(Path.Combine(TestData.IncidentsDirectory, "04-dns-record-deleted.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToArray();

        IncidentReport report = await _app.SummarizeAsync("04", TestData.Bundled("04-dns-record-deleted"), streaming: false);

        Assert.NotEqual(stored, report.Timeline.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, stored.Length).Select(i => $"e{i:D2}"), report.Timeline.Select(e => e.Id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Summarize_ModelWritesUncitedSentence_GroundingRefusesAndNothingIsShown(bool streaming)
    {
        // A hostile model: one quoted, cited event and one sentence of its own without a citation.
        await using IncidentApp app = IncidentApp.Create(Path.Combine(_data, "hostile"), model: new ScriptedChatClient(
            "Rolled back payments-api to v4.11.3 on prod-eu. [S13]\nThe outage was caused by a cosmic ray in the datacenter."));

        IncidentReport report = await app.SummarizeAsync("01", TestData.Bundled("01-payments-bad-deploy"), streaming);

        Assert.False(report.Grounded);
        Assert.Empty(report.Summary);
        Assert.True(GroundingReasons.IsCitationFailure(report.RefusalReason), report.RefusalReason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Summarize_ModelCitesAnEventThatDoesNotSupportTheSentence_GroundingRefuses(bool streaming)
    {
        await using IncidentApp app = IncidentApp.Create(Path.Combine(_data, "hostile"), model: new ScriptedChatClient(
            "The database administrator deleted the production ledger table by mistake. [S1]"));

        IncidentReport report = await app.SummarizeAsync("01", TestData.Bundled("01-payments-bad-deploy"), streaming);

        Assert.False(report.Grounded);
        Assert.Empty(report.Summary);
        Assert.Equal(GroundingReasons.UnsupportedClaim, report.RefusalReason);
    }

    [Fact]
    public void Sentences_MarkerAfterFullStop_BelongsToThatSentenceAndMapsToEventId()
    {
        var ids = new Dictionary<string, string> { ["S1"] = "e01", ["S2"] = "e07" };

        IReadOnlyList<SummarySentence> sentences = IncidentApp.Sentences("Deploy went out. [S1]\nErrors rose [S2]. Then it recovered [S1][S2].", ids);

        Assert.Equal(3, sentences.Count);
        Assert.Equal(["e01"], sentences[0].Cites);
        Assert.Equal("Deploy went out.", sentences[0].Text);
        Assert.Equal(["e07"], sentences[1].Cites);
        Assert.Equal(["e01", "e07"], sentences[2].Cites);
    }
}
