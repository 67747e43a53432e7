using Compliant.AI.Grounding.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Tests.Grounding;

public class GroundingOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var options = new GroundingOptions();

        Assert.Equal(4, options.TopK);
        Assert.Equal(0, options.MinimumScore);
        Assert.Equal(GroundingCitationMode.PerParagraph, options.CitationMode);
        Assert.Equal(GroundingViolationPolicy.Block, options.ViolationPolicy);
        Assert.Equal(0.5, options.SupportThreshold);
        Assert.Equal(3, options.MinimumClaimTerms);
        Assert.Equal("I cannot answer that from the approved sources.", options.CannotAnswerText);
        Assert.Equal(GroundingStreamingMode.Enforce, options.StreamingMode);
        Assert.Equal(GroundingOptions.DefaultSourceBlockTemplate, options.SourceBlockTemplate);
        Assert.True(options.RedactQuery);
        Assert.Equal("Compliant:Grounding", GroundingOptions.SectionName);
        Assert.True(GroundingOptionsValidation.Instance.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(nameof(GroundingOptions.TopK), "TopK")]
    [InlineData(nameof(GroundingOptions.SupportThreshold), "SupportThreshold")]
    [InlineData(nameof(GroundingOptions.MinimumClaimTerms), "MinimumClaimTerms")]
    [InlineData(nameof(GroundingOptions.CannotAnswerText), "CannotAnswerText")]
    [InlineData(nameof(GroundingOptions.SourceBlockTemplate), "SourceBlockTemplate")]
    [InlineData("Template placeholder", "{sources}")]
    [InlineData(nameof(GroundingOptions.CitationMode), "CitationMode")]
    [InlineData(nameof(GroundingOptions.ViolationPolicy), "ViolationPolicy")]
    [InlineData(nameof(GroundingOptions.StreamingMode), "StreamingMode")]
    public void Validate_InvalidValue_FailsWithMessageNamingIt(string property, string expectedInMessage)
    {
        var options = new GroundingOptions();
        switch (property)
        {
            case nameof(GroundingOptions.TopK): options.TopK = 0; break;
            case nameof(GroundingOptions.SupportThreshold): options.SupportThreshold = 1.5; break;
            case nameof(GroundingOptions.MinimumClaimTerms): options.MinimumClaimTerms = 0; break;
            case nameof(GroundingOptions.CannotAnswerText): options.CannotAnswerText = string.Empty; break;
            case nameof(GroundingOptions.SourceBlockTemplate): options.SourceBlockTemplate = null!; break;
            case "Template placeholder": options.SourceBlockTemplate = "Use the sources below."; break;
            case nameof(GroundingOptions.CitationMode): options.CitationMode = (GroundingCitationMode)42; break;
            case nameof(GroundingOptions.ViolationPolicy): options.ViolationPolicy = (GroundingViolationPolicy)42; break;
            case nameof(GroundingOptions.StreamingMode): options.StreamingMode = (GroundingStreamingMode)42; break;
        }

        ValidateOptionsResult result = GroundingOptionsValidation.Instance.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expectedInMessage, result.FailureMessage, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => new GroundingChatClient(new TestChatClient(), new TestRetriever(), options));
    }

    [Fact]
    public async Task AddGrounding_BindsFromConfigurationAndUseGroundingUsesIt()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Compliant:Grounding:TopK"] = "2",
            ["Compliant:Grounding:CitationMode"] = "PerSentence",
            ["Compliant:Grounding:CannotAnswerText"] = "No approved answer.",
        }).Build();
        TestRetriever retriever = GroundingFixtures.Retriever();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton<IRetriever>(retriever);
        services.AddCompliantAI().AddGrounding(o => o.SupportThreshold = 0.6);
        await using ServiceProvider provider = services.BuildServiceProvider();

        GroundingOptions bound = provider.GetRequiredService<IOptions<GroundingOptions>>().Value;
        Assert.Equal(2, bound.TopK);
        Assert.Equal(GroundingCitationMode.PerSentence, bound.CitationMode);
        Assert.Equal(0.6, bound.SupportThreshold);

        TestChatClient inner = TestChatClient.Answering("unused");
        using IChatClient client = new ChatClientBuilder(inner).UseGrounding(o => o.MinimumScore = 0.5).Build(provider);
        Assert.NotNull(client.GetService<GroundingChatClient>());
        ChatResponse response = await client.GetResponseAsync("What is on the cafeteria menu?");

        Assert.Equal("No approved answer.", response.Text);
        Assert.Empty(inner.Calls);
        Assert.Equal(0, bound.MinimumScore);
    }

    [Fact]
    public async Task AddGrounding_InvalidConfiguration_FailsOnStart()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Compliant:Grounding:SupportThreshold"] = "7",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddCompliantAI().AddGrounding();
        await using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GroundingOptions>>().Value);
        Assert.Contains("SupportThreshold", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseGrounding_WithoutRetriever_ThrowsClearError()
    {
        using ServiceProvider provider = new ServiceCollection().BuildServiceProvider();

        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => new ChatClientBuilder(new TestChatClient()).UseGrounding().Build(provider));
        Assert.Contains("IRetriever", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseGrounding_RedactQueryWithoutRedactor_BuildsAndUsesTheRedactionStage()
    {
        // The query is redacted by the PII redaction stage inside grounding; a Redactor is only the fallback without one.
        using ServiceProvider provider = new ServiceCollection().AddSingleton<IRetriever>(new TestRetriever()).BuildServiceProvider();

        IChatClient client = new ChatClientBuilder(new TestChatClient()).UseGrounding(o => o.RedactQuery = true).Build(provider);
        Assert.NotNull(client.GetService<GroundingChatClient>());
    }

    [Fact]
    public void UseGrounding_NullBuilder_Throws() =>
        Assert.Throws<ArgumentNullException>("builder", () => GroundingChatClientBuilderExtensions.UseGrounding(null!));
}
