namespace IncidentSummarizer.Tests;

/// <summary>The root-cause heuristic's rules and the incident reader's input checks.</summary>
public sealed class HeuristicAndReaderTests
{
    [Fact]
    public void Rank_DeployOfFailingServiceBeatsUnrelatedLaterDeploy()
    {
        EventView[] events =
        [
            new("e1", "deploy", "payments-api", "Deployed payments-api v2.0.0."),
            new("e2", "deploy", "notifications", "Deployed notifications v1.1.0."),
            new("e3", "alert", "payments-api", "CRITICAL: payments-api error rate 40%."),
            new("e4", "deploy", "payments-api", "Rolled back payments-api to v1.9.0."),
        ];

        IReadOnlyList<RootCauseCandidate> ranked = RootCauseHeuristic.Rank(events);

        Assert.Equal(0, ranked[0].Index);
        Assert.Contains("failing service", ranked[0].Reasons);
        Assert.DoesNotContain(ranked, c => c.Index == 3); // nothing after the symptom is a candidate
    }

    [Fact]
    public void Rank_SymptomNamingFailedDependency_IsItsOwnRootCause()
    {
        EventView[] events =
        [
            new("e1", "log", "otp-service", "Sent 3120 OTP messages, 0 errors."),
            new("e2", "alert", "otp-service", "CRITICAL: SMS provider API returning 503 Service Unavailable."),
        ];

        Assert.Equal(1, RootCauseHeuristic.Rank(events)[0].Index);
    }

    [Fact]
    public void Rank_NoFailureAlert_NoCandidate()
    {
        EventView[] events = [new("e1", "deploy", "web", "Deployed web v1."), new("e2", "alert", "web", "INFO: web latency normal.")];

        Assert.Empty(RootCauseHeuristic.Rank(events));
        Assert.Empty(EventSummarizerChatClient.Choose(events));
    }

    [Fact]
    public void Read_BadLine_NamesTheLineNeverItsText()
    {
        string input = TestData.Line("e1", "2026-01-01T00:00:00Z", "log", "svc", "fine") + "\n{\"id\":\"e2\",\"text\":\"secret jane@example.com\"}\n";

        IncidentInputException error = Assert.Throws<IncidentInputException>(() => IncidentReader.Read(new StringReader(input)));

        Assert.Contains("Line 2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RepeatedId_Throws()
    {
        string line = TestData.Line("e1", "2026-01-01T00:00:00Z", "log", "svc", "fine");

        Assert.Throws<IncidentInputException>(() => IncidentReader.Read(new StringReader(line + "\n" + line)));
    }
}
