using Compliant.AI.Budgets.Internal;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.Budgets;

public sealed class TokenEstimatorTests
{
    [Fact]
    public void CountText_UsesOfflineVocabulary()
    {
        Assert.True(TokenEstimator.UsesVocabulary);
        Assert.Equal(2, TokenEstimator.CountText("Hello world"));
        Assert.Equal(0, TokenEstimator.CountText(""));
    }

    [Fact]
    public void CountMessages_AddsChatFraming()
    {
        ChatMessage[] messages = [new(ChatRole.System, "Hello world"), new(ChatRole.User, "Hello world")];

        Assert.Equal(TokenEstimator.ReplyPriming + (2 * (TokenEstimator.TokensPerMessage + 2)), TokenEstimator.CountMessages(messages));
    }

    [Fact]
    public void Heuristic_IsOneTokenPerFourCharactersRoundedUp()
    {
        Assert.Equal(3, TokenEstimator.Heuristic("123456789"));
    }
}
