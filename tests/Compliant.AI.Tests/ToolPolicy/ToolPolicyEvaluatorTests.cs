using System.Text.Json;
using Compliant.AI.Tools.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Tests.ToolPolicy;

public sealed class ToolPolicyEvaluatorTests
{
    private static readonly CallerContext Caller = new("u-1", ["finance"], ["billing-agent"], "bank-eu", "OPERATIONS");

    /// <summary>Arguments as a provider's client parses them: <see cref="JsonElement"/> values.</summary>
    private static Dictionary<string, object?> Json(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!.ToDictionary(p => p.Key, p => (object?)p.Value);

    private static ToolPolicyEvaluator Evaluator(Action<Compliant.AI.ToolPolicy> configure)
    {
        var options = new ToolPolicyOptions();
        var policy = new Compliant.AI.ToolPolicy();
        configure(policy);
        options.Tools["t"] = policy;
        return new ToolPolicyEvaluator(options, new ToolRateLimiter(new FakeTimeProvider()));
    }

    [Theory]
    [InlineData("""{"amount":1000.5}""", ToolPolicyReasons.ApprovalThreshold)]
    [InlineData("""{"amount":"1000.5"}""", ToolPolicyReasons.ApprovalThreshold)]
    [InlineData("""{"amount":1000}""", null)]
    [InlineData("""{"amount":"a lot"}""", null)]
    [InlineData("""{"amount":null}""", null)]
    [InlineData("""{}""", null)]
    public void ApprovalWhen_GreaterThan_ComparesJsonNumbersAndNumericStrings(string arguments, string? expected)
    {
        ToolPolicyEvaluator evaluator = Evaluator(p => p.ApprovalWhen.Add(new ToolApprovalCondition { Argument = "amount", GreaterThan = 1000 }));

        ToolCheck check = evaluator.Check("t", Json(arguments), Caller);

        Assert.True(check.Allowed);
        Assert.Equal(expected, check.ApprovalReason);
    }

    [Theory]
    [InlineData("""{"country":"DE","amount":5}""", true)]   // first condition: both comparisons hold
    [InlineData("""{"country":"DE","amount":7}""", false)]  // first condition: under 10 but not equal to 5
    [InlineData("""{"country":"KP","amount":50}""", true)]  // second condition alone suffices
    [InlineData("""{"country":"DE"}""", false)]
    public void ApprovalWhen_EveryComparisonOfAConditionHolds_AnyConditionSuffices(string arguments, bool needsApproval)
    {
        ToolPolicyEvaluator evaluator = Evaluator(p =>
        {
            p.ApprovalWhen.Add(new ToolApprovalCondition { Argument = "amount", LessThan = 10, EqualTo = "5" });
            p.ApprovalWhen.Add(new ToolApprovalCondition { Argument = "country", EqualTo = "KP" });
        });

        ToolCheck check = evaluator.Check("t", Json(arguments), Caller);

        Assert.Equal(needsApproval ? ToolPolicyReasons.ApprovalThreshold : null, check.ApprovalReason);
    }

    [Theory]
    [InlineData("""{"currency":"EUR"}""", true)]
    [InlineData("""{"currency":"eur"}""", false)]
    [InlineData("""{"currency":7}""", false)]
    [InlineData("""{"count":3}""", true)]
    [InlineData("""{"count":4}""", false)]
    [InlineData("""{"flag":true}""", true)]
    [InlineData("""{}""", true)]
    public void AllowedValues_ComparesTextOrdinallyAndNumbersByTheirJsonText(string arguments, bool allowed)
    {
        ToolPolicyEvaluator evaluator = Evaluator(p =>
        {
            p.AllowedValues["currency"] = ["EUR", "USD"];
            p.AllowedValues["count"] = ["1", "2", "3"];
            p.AllowedValues["flag"] = ["true"];
        });

        ToolCheck check = evaluator.Check("t", Json(arguments), Caller);

        Assert.Equal(allowed, check.Allowed);
        Assert.Equal(allowed ? ToolPolicyReasons.PolicyPassed : ToolPolicyReasons.ArgumentNotAllowed, check.Reason);
    }

    [Fact]
    public void AllowedValues_DotNetValues_ComparedByInvariantText()
    {
        ToolPolicyEvaluator evaluator = Evaluator(p => p.AllowedValues["rate"] = ["1.5"]);

        Assert.True(evaluator.Check("t", new Dictionary<string, object?> { ["rate"] = 1.5m }, Caller).Allowed);
        Assert.False(evaluator.Check("t", new Dictionary<string, object?> { ["rate"] = 2.5 }, Caller).Allowed);
    }

    [Theory]
    [InlineData("""{"amount":10,"currency":"EUR"}""", true)]
    [InlineData("""{"amount":10}""", false)]
    [InlineData("""{"amount":"10","currency":"EUR"}""", false)]
    [InlineData("""{"amount":10,"currency":"EUR","extra":1}""", false)]
    public void ArgumentSchema_ValidatesTheArgumentsAsOneObject(string arguments, bool allowed)
    {
        ToolPolicyEvaluator evaluator = Evaluator(p => p.ArgumentSchema =
            """{"type":"object","required":["amount","currency"],"additionalProperties":false,"properties":{"amount":{"type":"number"},"currency":{"type":"string"}}}""");

        ToolCheck check = evaluator.Check("t", Json(arguments), Caller);

        Assert.Equal((allowed, allowed ? ToolPolicyReasons.PolicyPassed : ToolPolicyReasons.ArgumentSchema), (check.Allowed, check.Reason));
    }

    [Fact]
    public void Check_NoArguments_ValidatesAnEmptyObject()
    {
        ToolPolicyEvaluator evaluator = Evaluator(p => p.ArgumentSchema = """{"type":"object","required":["amount"]}""");

        Assert.Equal(ToolPolicyReasons.ArgumentSchema, evaluator.Check("t", null, Caller).Reason);
    }

    [Fact]
    public void Check_CallerRequirements_AreAllRequired_AndOrdinal()
    {
        ToolPolicyEvaluator evaluator = Evaluator(p =>
        {
            p.Roles.Add("billing-agent");
            p.Purposes.Add("OPERATIONS");
        });

        Assert.True(evaluator.Check("t", null, Caller).Allowed);
        Assert.Equal(ToolPolicyReasons.Role, evaluator.Check("t", null, new CallerContext("u", roles: ["Billing-Agent"], purposeOfUse: "OPERATIONS")).Reason);
        Assert.Equal(ToolPolicyReasons.Purpose, evaluator.Check("t", null, new CallerContext("u", roles: ["billing-agent"])).Reason);
    }
}
