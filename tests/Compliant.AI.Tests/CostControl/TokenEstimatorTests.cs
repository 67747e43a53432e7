using Compliant.AI.CostControl.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Compliant.AI.Tests.CostControl;

public sealed class TokenEstimatorTests
{
    [Fact]
    public void TiktokenCounter_UsesOfflineVocabulary()
    {
        Assert.True(TiktokenTokenCounter.Instance.UsesVocabulary);
        Assert.Equal(2, TiktokenTokenCounter.Instance.CountTokens("Hello world"));
        Assert.Equal(0, TiktokenTokenCounter.Instance.CountTokens(""));
        Assert.Throws<ArgumentNullException>(() => TiktokenTokenCounter.Instance.CountTokens(null!));
    }

    [Fact]
    public void CountMessages_WithCounter_AddsChatFraming()
    {
        var estimator = new TokenEstimator(TiktokenTokenCounter.Instance);
        ChatMessage[] messages = [new(ChatRole.System, "Hello world"), new(ChatRole.User, "Hello world")];

        Assert.Equal(TokenEstimator.ReplyPriming + (2 * (TokenEstimator.TokensPerMessage + 2)), estimator.CountMessages(messages));
    }

    [Fact]
    public void Heuristic_IsOneTokenPerFourCharactersRoundedUp()
    {
        Assert.Equal(3, TokenEstimator.HeuristicCount("123456789"));
        Assert.Equal(3, TokenEstimator.Heuristic.CountText("123456789"));
        Assert.Equal(0, TokenEstimator.Heuristic.CountText(null));
    }

    [Fact]
    public void AddTiktokenTokenCounter_RegistersItOnce_KeepsOneRegisteredBefore()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddTiktokenTokenCounter().AddTiktokenTokenCounter();
        using (ServiceProvider provider = services.BuildServiceProvider())
        {
            Assert.Same(TiktokenTokenCounter.Instance, provider.GetRequiredService<ITokenCounter>());
            Assert.Single(services, d => d.ServiceType == typeof(ITokenCounter));
        }

        var own = new CountingCounter();
        var second = new ServiceCollection();
        second.AddSingleton<ITokenCounter>(own);
        second.AddCompliantAI().AddTiktokenTokenCounter();
        using ServiceProvider p2 = second.BuildServiceProvider();
        Assert.Same(own, p2.GetRequiredService<ITokenCounter>());
    }

    private sealed class CountingCounter : ITokenCounter
    {
        public long CountTokens(string text) => text.Length;
    }
}
