using System.Diagnostics;
using Compliant.AI.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace Compliant.AI.Tests.Internal;

/// <summary>
/// The reporter itself: its one vocabulary, where the verdict goes, and what the span keeps. That every stage reports through
/// it with the same names in span, metric and audit record is checked by <c>Architecture/StageReportingConsistencyTests</c>.
/// </summary>
public sealed class StageReporterTests
{
    [Fact]
    public void DecisionName_IsTheOneVocabulary()
    {
        Assert.Equal(
            ["allow", "modify", "deny"],
            new[] { AuditDecision.Allow, AuditDecision.Modify, AuditDecision.Deny }.Select(StageReporter.DecisionName));
    }

    [Fact]
    public void Report_WithACapturedScope_WritesTheVerdictThere_NotToTheCurrentScope()
    {
        var captured = new AuditScope(new AuditRecord());
        var current = new AuditScope(new AuditRecord());
        AuditScope.Current = current;
        try
        {
            StageReporter.Report(new StageEvent("grounding", AuditDecision.Deny, "no_evidence") { Scope = captured }, span: null, NullLogger.Instance);
        }
        finally
        {
            AuditScope.Current = null;
        }

        AuditVerdict verdict = Assert.Single(captured.Record.Verdicts);
        Assert.Equal(("grounding", AuditDecision.Deny, "no_evidence"), (verdict.Stage, verdict.Decision, verdict.Reason));
        Assert.Empty(current.Record.Verdicts);
    }

    [Fact]
    public void Report_NotAudited_AddsNoVerdict_AndCountsIntoNothing()
    {
        var scope = new AuditScope(new AuditRecord());
        AuditScope.Current = scope;
        try
        {
            StageReporter.Report(
                new StageEvent("pii_redaction", AuditDecision.Allow, "no_entities") { Audited = false, Counts = new Dictionary<string, int> { ["EMAIL_ADDRESS"] = 1 }, CountPrefix = "pii.redacted." },
                span: null,
                NullLogger.Instance);
        }
        finally
        {
            AuditScope.Current = null;
        }

        Assert.Empty(scope.Record.Verdicts);
        Assert.Empty(scope.Record.Counters);
    }

    [Fact]
    public void Report_TwiceOnOneSpan_TheSpanKeepsTheLastDecision_LikeTheAuditRecordsFinalWord()
    {
        using var span = new Activity("stage");
        span.Start();

        StageReporter.Report(new StageEvent("structured_output", AuditDecision.Deny, "invalid_json"), span, NullLogger.Instance);
        StageReporter.Report(new StageEvent("structured_output", AuditDecision.Allow, "valid"), span, NullLogger.Instance);

        Assert.Equal("structured_output", span.GetTagItem(CompliantTelemetry.Tags.GuardrailName));
        Assert.Equal("allow", span.GetTagItem(CompliantTelemetry.Tags.GuardrailDecision));
        Assert.Equal("valid", span.GetTagItem(CompliantTelemetry.Tags.GuardrailReason));
    }

    [Fact]
    public void Report_WithoutASpanOfItsOwn_AddsAnEventToTheCurrentSpan()
    {
        using var current = new Activity("caller");
        current.Start();

        StageReporter.Report(new StageEvent("resilience", AuditDecision.Deny, "timeout"), span: null, NullLogger.Instance);

        ActivityEvent decision = Assert.Single(current.Events, e => e.Name == StageReporter.DecisionEventName);
        var tags = decision.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        Assert.Equal(("resilience", "deny", "timeout"), ((string?)tags[CompliantTelemetry.Tags.GuardrailName], (string?)tags[CompliantTelemetry.Tags.GuardrailDecision], (string?)tags[CompliantTelemetry.Tags.GuardrailReason]));
        Assert.Null(current.GetTagItem(CompliantTelemetry.Tags.GuardrailDecision));
    }

    [Theory]
    [InlineData(AuditDecision.Deny, LogLevel.Information)]
    [InlineData(AuditDecision.Modify, LogLevel.Debug)]
    [InlineData(AuditDecision.Allow, LogLevel.Debug)]
    public void Report_LogsEvent1010_WithTheSameNames_InformationOnlyForADenial(AuditDecision decision, LogLevel level)
    {
        var logger = new FakeLogger();

        StageReporter.Report(new StageEvent("tool_policy", decision, "denied") { TenantId = "tenant-a" }, span: null, logger);

        FakeLogRecord record = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal((1010, level), (record.Id.Id, record.Level));
        Assert.Contains("Stage tool_policy decided " + StageReporter.DecisionName(decision) + " (denied)", record.Message, StringComparison.Ordinal);
    }
}
