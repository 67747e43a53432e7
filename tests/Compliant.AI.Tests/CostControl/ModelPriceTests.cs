using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compliant.AI.Tests.CostControl;

public sealed class ModelPriceTests
{
    [Fact]
    public void Cost_CachedTokensUseCachedPrice()
    {
        var price = new ModelPrice { InputPerMillionTokens = 2.5m, OutputPerMillionTokens = 10m, CachedInputPerMillionTokens = 1.25m };

        Assert.Equal(((600_000 * 2.5m) + (400_000 * 1.25m) + (100_000 * 10m)) / 1_000_000m, price.Cost(1_000_000, 400_000, 100_000));
    }

    [Fact]
    public void Cost_NoCachedPrice_CachedTokensCostAsInput()
    {
        var price = new ModelPrice { InputPerMillionTokens = 1m, OutputPerMillionTokens = 1m };

        Assert.Equal(2m, price.Cost(1_000_000, 500_000, 1_000_000));
    }

    [Property(MaxTest = 200)]
    public Property Cost_IsNeverNegativeAndMonotonicInOutput(NonNegativeInt input, NonNegativeInt cached, NonNegativeInt output)
    {
        var price = new ModelPrice { InputPerMillionTokens = 3m, OutputPerMillionTokens = 15m, CachedInputPerMillionTokens = 0.3m };
        decimal cost = price.Cost(input.Get, cached.Get, output.Get);
        decimal more = price.Cost(input.Get, cached.Get, output.Get + 1L);
        return (cost >= 0m && more > cost).ToProperty();
    }
}
