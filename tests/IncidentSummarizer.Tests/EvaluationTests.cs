namespace IncidentSummarizer.Tests;

/// <summary>The evaluate command's figures on the bundled incidents, held to the sample's targets.</summary>
public sealed class EvaluationTests : IAsyncLifetime
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

    [Fact]
    public void Labels_TwentyTuningFiveHeldOut_EachRootCauseIsAnEventOfItsIncident()
    {
        IReadOnlyList<IncidentLabel> labels = Evaluation.ReadLabels(TestData.IncidentsDirectory);

        Assert.Equal(20, labels.Count(l => l.Split == "tuning"));
        Assert.Equal(5, labels.Count(l => l.Split == "heldout"));
        foreach (IncidentLabel label in labels)
        {
            IReadOnlyList<IncidentEvent> events = TestData.Bundled(label.Incident);
            Assert.InRange(events.Count, 8, 30);
            Assert.NotEmpty(label.RootCause);
            Assert.All(label.RootCause, id => Assert.Contains(events, e => e.Id == id));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Evaluate_TuningIncidents_MeetsTargets(bool streaming)
    {
        EvaluationResult result = await Evaluation.RunAsync(_app, TestData.IncidentsDirectory, "tuning", ApprovalPolicy.Create(["rollback", "page"], false, null, null), "eval", streaming, default);

        Assert.Equal(20, result.Incidents);
        Assert.Equal(0, result.Refused);
        Assert.True(result.RootCauseCited >= 0.80, $"root cause cited {result.RootCauseCited:P1}");
        Assert.Equal(0, result.UnsupportedSentences);
        Assert.True(result.CitationPrecision >= 0.95, $"citation precision {result.CitationPrecision:P1}");
        Assert.Equal(0, result.ExecutedWithoutApproval);
        Assert.Equal(result.Rows.Sum(r => r.Approved), result.Rows.Sum(r => r.Executed));
        Assert.True(result.Rows.Sum(r => r.Proposed) > result.Rows.Sum(r => r.Approved), "some proposals (restarts) were not approved");
        Assert.True(result.MeetsTargets);
    }

    [Fact]
    public async Task Evaluate_NoApproval_ProposesButExecutesNothing()
    {
        EvaluationResult result = await Evaluation.RunAsync(_app, TestData.IncidentsDirectory, "heldout", ApprovalPolicy.DenyAll, "eval", streaming: false, default);

        Assert.Equal(5, result.Incidents);
        Assert.True(result.Rows.Sum(r => r.Proposed) > 0);
        Assert.Equal(0, result.Rows.Sum(r => r.Approved));
        Assert.Equal(0, result.Rows.Sum(r => r.Executed));
        Assert.Empty(_app.Tools.Executed);
    }

    [Theory]
    [InlineData("Deployed payments-api v4.12.0 to prod-eu.", "Deployed payments-api v4.12.0 to prod-eu; release adds a field.", true)]
    [InlineData("Deployed payments-api v4.13.0 to prod-eu.", "Deployed payments-api v4.12.0 to prod-eu; release adds a field.", false)]
    [InlineData("The database ran out of disk space.", "Deployed payments-api v4.12.0 to prod-eu.", false)]
    public void Supports_ContentWordsAndNumbers(string sentence, string eventText, bool expected) =>
        Assert.Equal(expected, CitationCheck.Supports(sentence, eventText));
}
