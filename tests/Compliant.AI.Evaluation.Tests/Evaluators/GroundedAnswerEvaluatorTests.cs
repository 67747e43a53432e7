using Compliant.AI.Evaluation.Tests.Suites;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Compliant.AI.Evaluation.Tests.Evaluators;

public sealed class GroundedAnswerEvaluatorTests
{
    private static async Task<EvaluationResult> EvaluateAsync(string question, (string, bool, string[], bool) script, GroundedAnswerContext? context)
    {
        ChatResponse response = await GroundedFakes.Scripted(_ => script).GetResponseAsync(question);
        return await new GroundedAnswerEvaluator().EvaluateAsync([new ChatMessage(ChatRole.User, question)], response, additionalContext: context is null ? null : [context]);
    }

    [Fact]
    public async Task EvaluateAsync_AnsweredWithMixedCitations_HandComputedValues()
    {
        EvaluationResult result = await EvaluateAsync("q", ("Within 60 days [S1][S2].", false, ["d1", "d2"], false), new GroundedAnswerContext(true, ["d1"], ["60 days", "in writing"]));

        Assert.True(result.Get<BooleanMetric>(GroundedAnswerEvaluator.CorrectDecisionMetricName).Value);
        Assert.Equal(0.5, result.Get<NumericMetric>(GroundedAnswerEvaluator.CitationPrecisionMetricName).Value);
        Assert.Equal(0.5, result.Get<NumericMetric>(GroundedAnswerEvaluator.KeyFactRecallMetricName).Value);
        Assert.False(result.Get<BooleanMetric>(GroundedAnswerEvaluator.UnsupportedClaimMetricName).Value);
    }

    [Fact]
    public async Task EvaluateAsync_RefusedUnanswerable_CorrectAndPrecisionNotApplicable()
    {
        EvaluationResult result = await EvaluateAsync("q", ("cannot answer", true, [], false), new GroundedAnswerContext(false, [], []));

        Assert.True(result.Get<BooleanMetric>(GroundedAnswerEvaluator.CorrectDecisionMetricName).Value);
        Assert.Null(result.Get<NumericMetric>(GroundedAnswerEvaluator.CitationPrecisionMetricName).Value);
        Assert.Null(result.Get<NumericMetric>(GroundedAnswerEvaluator.KeyFactRecallMetricName).Value);
    }

    [Fact]
    public async Task EvaluateAsync_RefusedAnswerable_IncorrectAndZeroRecall()
    {
        EvaluationResult result = await EvaluateAsync("q", ("cannot answer", true, [], false), new GroundedAnswerContext(true, ["d1"], ["60 days"]));

        Assert.False(result.Get<BooleanMetric>(GroundedAnswerEvaluator.CorrectDecisionMetricName).Value);
        Assert.Equal(0, result.Get<NumericMetric>(GroundedAnswerEvaluator.KeyFactRecallMetricName).Value);
    }

    [Fact]
    public async Task EvaluateAsync_NoContext_FailsClosedWithErrorDiagnostics()
    {
        EvaluationResult result = await EvaluateAsync("q", ("Within 60 days [S1].", false, ["d1"], false), null);

        Assert.All(result.Metrics.Values, m => Assert.True(m.ContainsDiagnostics(d => d.Severity == EvaluationDiagnosticSeverity.Error)));
        Assert.Null(result.Get<BooleanMetric>(GroundedAnswerEvaluator.CorrectDecisionMetricName).Value);
    }
}
