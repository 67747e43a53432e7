using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Compliant.AI.Evaluation.Tests.Evaluators;

public sealed class StructuredOutputAndPersonalDataEvaluatorTests
{
    private const string Canary = "zq.canary.7731@example.com";

    private static readonly JsonSchemaValidator Schema = JsonSchemaValidator.Compile(
        """{"type":"object","required":["category","contact"],"properties":{"category":{"enum":["card","loan"]},"contact":{"type":"string","maxLength":10}}}""");

    private static ValueTask<EvaluationResult> EvaluateAsync(IEvaluator evaluator, string answer) =>
        evaluator.EvaluateAsync([new ChatMessage(ChatRole.User, "q")], new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)));

    [Fact]
    public async Task StructuredOutput_ValidAnswer_BothTrue()
    {
        EvaluationResult result = await EvaluateAsync(new StructuredOutputEvaluator(Schema), """{"category":"card","contact":"desk"}""");

        Assert.True(result.Get<BooleanMetric>(StructuredOutputEvaluator.ValidJsonMetricName).Value);
        Assert.True(result.Get<BooleanMetric>(StructuredOutputEvaluator.SchemaValidMetricName).Value);
    }

    [Theory]
    [InlineData("""{"category":"card","contact":"desk""")]
    [InlineData("Sure! Here is the JSON you asked for.")]
    [InlineData("")]
    public async Task StructuredOutput_NotJson_BothFalse(string answer)
    {
        EvaluationResult result = await EvaluateAsync(new StructuredOutputEvaluator(Schema), answer);

        Assert.False(result.Get<BooleanMetric>(StructuredOutputEvaluator.ValidJsonMetricName).Value);
        Assert.False(result.Get<BooleanMetric>(StructuredOutputEvaluator.SchemaValidMetricName).Value);
    }

    [Fact]
    public async Task StructuredOutput_SchemaViolation_FalseWithKeywordsButNoInstanceValues()
    {
        EvaluationResult result = await EvaluateAsync(new StructuredOutputEvaluator(Schema), $$"""{"category":"mortgage","contact":"{{Canary}}"}""");

        BooleanMetric schema = result.Get<BooleanMetric>(StructuredOutputEvaluator.SchemaValidMetricName);
        Assert.True(result.Get<BooleanMetric>(StructuredOutputEvaluator.ValidJsonMetricName).Value);
        Assert.False(schema.Value);
        Assert.Contains("enum", schema.Reason, StringComparison.Ordinal);
        Assert.Contains("maxLength", schema.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, schema.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("mortgage", schema.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonalData_AnswerWithAnEmail_FoundAndCountedByTypeWithoutTheValue()
    {
        EvaluationResult result = await EvaluateAsync(new PersonalDataEvaluator(new PiiDetector()), $"Write to {Canary} about the refund.");

        BooleanMetric found = result.Get<BooleanMetric>(PersonalDataEvaluator.FoundMetricName);
        Assert.True(found.Value);
        Assert.Equal(1, result.Get<NumericMetric>(PersonalDataEvaluator.CountMetricName).Value);
        Assert.Contains("EMAIL_ADDRESS x1", found.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, found.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, result.Get<NumericMetric>(PersonalDataEvaluator.CountMetricName).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonalData_CleanAnswer_NotFound()
    {
        EvaluationResult result = await EvaluateAsync(new PersonalDataEvaluator(new PiiDetector()), "Refunds are processed within five business days.");

        Assert.False(result.Get<BooleanMetric>(PersonalDataEvaluator.FoundMetricName).Value);
        Assert.Equal(0, result.Get<NumericMetric>(PersonalDataEvaluator.CountMetricName).Value);
    }

    [Fact]
    public async Task PersonalData_AllowedType_IsNotCounted()
    {
        var evaluator = new PersonalDataEvaluator(new PiiDetector(), [PiiEntityTypes.EmailAddress]);

        EvaluationResult result = await EvaluateAsync(evaluator, $"Write to {Canary} about the refund.");

        Assert.False(result.Get<BooleanMetric>(PersonalDataEvaluator.FoundMetricName).Value);
        Assert.Equal(0, result.Get<NumericMetric>(PersonalDataEvaluator.CountMetricName).Value);
    }
}
