using Compliant.AI.CostControl.Internal;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Tests.CostControl;

public sealed class CostControlOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var o = new CostControlOptions();

        Assert.Equal("USD", o.Currency);
        Assert.Empty(o.Prices);
        Assert.Empty(o.Budgets);
        Assert.Null(o.DefaultBudget);
        Assert.Equal(4096, o.DefaultMaxOutputTokens);
        Assert.True(o.RefuseUnpricedModels);
        Assert.Equal(0, o.RateLimitPermitsPerWindow);
        Assert.Equal(TimeSpan.FromMinutes(1), o.RateLimitWindow);
        Assert.Equal(0, o.RateLimitQueueLimit);
        Assert.True(new CostControlOptionsValidation().Validate(null, o).Succeeded);
    }

    public static TheoryData<Action<CostControlOptions>, string> Invalid => new()
    {
        { o => o.Currency = "usd", "Currency" },
        { o => o.Currency = "", "Currency" },
        { o => o.Prices["m"] = new ModelPrice { InputPerMillionTokens = -1 }, "Prices[m]" },
        { o => o.Budgets["t"] = new BudgetLimit { Daily = -1 }, "Budgets[t]" },
        { o => o.DefaultBudget = new BudgetLimit { Monthly = -5 }, "DefaultBudget" },
        { o => o.DefaultMaxOutputTokens = 0, "DefaultMaxOutputTokens" },
        { o => o.RateLimitPermitsPerWindow = -1, "RateLimitPermitsPerWindow" },
        { o => o.RateLimitWindow = TimeSpan.Zero, "RateLimitWindow" },
        { o => o.RateLimitQueueLimit = -1, "RateLimitQueueLimit" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidValue_NamesTheProblem(Action<CostControlOptions> change, string expected)
    {
        var o = new CostControlOptions();
        change(o);

        ValidateOptionsResult result = new CostControlOptionsValidation().Validate(null, o);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsOptionsValidationException()
    {
        using var inner = new TestChatClient();
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => new CostControlChatClient(inner, new CostControlOptions { Currency = "dollars" }));
        Assert.Contains(nameof(CostControlOptions.Currency), ex.Message, StringComparison.Ordinal);
    }
}
