namespace Compliant.AI.Tests;

public sealed class ComplianceRejectedExceptionTests
{
    public static TheoryData<Exception, string, string> Refusals() => new()
    {
        { new BudgetExceededException(), "budget", "budget_exceeded" },
        { new BudgetExceededException("m", new InvalidOperationException()), "budget", "budget_exceeded" },
        { new RateLimitExceededException(), "budget", "rate_limited" },
        { new RateLimitExceededException("m"), "budget", "rate_limited" },
        { new PiiRedactionException(), "pii_redaction", "redaction_failed" },
        { new PiiRedactionException("m", new InvalidOperationException()), "pii_redaction", "redaction_failed" },
        { new StructuredOutputValidationException(), "structured_output", "attempts_exhausted" },
        { new StructuredOutputValidationException(JsonValidationFailureKind.InvalidJson, [], 3), "structured_output", "attempts_exhausted" },
        { new ToolCallDeniedException(), "tool_policy", "denied" },
        { new ToolCallDeniedException("m", new InvalidOperationException()), "tool_policy", "denied" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refusal_AnyConstructor_IsComplianceRejectionWithStageAndReason(Exception refusal, string stage, string reason)
    {
        ComplianceRejectedException rejected = Assert.IsAssignableFrom<ComplianceRejectedException>(refusal);

        Assert.Equal(stage, rejected.Stage);
        Assert.Equal(reason, rejected.Reason);
    }

    [Fact]
    public void Refusal_CaughtOnce_ByTheBaseType()
    {
        static void Throw() => throw new RateLimitExceededException();

        ComplianceRejectedException caught = Assert.ThrowsAny<ComplianceRejectedException>(Throw);

        Assert.IsType<RateLimitExceededException>(caught);
    }
}
