namespace Compliant.AI.Tests.ExtractiveModel;

public class ExtractiveChatClientOptionsTests
{
    [Fact]
    public void Defaults_AreDocumented()
    {
        var options = new ExtractiveChatClientOptions();

        Assert.Equal(0.5, options.MinimumSupport);
        Assert.Equal(0.5, options.SemanticWeight);
        Assert.Equal(0.7, options.FullSupportSimilarity);
        Assert.Equal(0.65, options.ParaphraseSimilarity);
        Assert.Equal(2, options.MaxSentences);
        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, options.CannotAnswerText);
        Assert.Equal("^", options.DatamarkMarker);
    }
}
