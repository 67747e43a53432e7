using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Tests.StructuredOutput;

public sealed class StructuredOutputOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var o = new StructuredOutputOptions();
        Assert.Equal(StructuredOutputMode.Enforce, o.Mode);
        Assert.Equal(3, o.MaxAttempts);
        Assert.False(o.StripMarkdownCodeFence);
        Assert.Equal(10, o.MaxErrorsInReask);
        Assert.Equal(1024 * 1024, o.MaxInstanceBytes);
        Assert.Equal(64, o.MaxDepth);
        Assert.Equal(100, o.RegexTimeoutMilliseconds);
        Assert.Equal(256, o.ValidatorCacheSize);
        Assert.Equal(JsonSchemaDialect.Draft202012, o.DefaultDialect);
        Assert.False(o.IncludeInstanceValuesInErrors);
        Assert.Equal(10_000_000, o.MaxWork);
        Assert.Equal(1024 * 1024, o.MaxSchemaBytes);
        Assert.Equal(256, o.MaxSchemaDepth);
        Assert.Equal("Compliant:StructuredOutput", StructuredOutputOptions.SectionName);
    }

    [Theory]
    [InlineData(nameof(StructuredOutputOptions.MaxAttempts), 0)]
    [InlineData(nameof(StructuredOutputOptions.MaxAttempts), 11)]
    [InlineData(nameof(StructuredOutputOptions.MaxErrorsInReask), 0)]
    [InlineData(nameof(StructuredOutputOptions.MaxInstanceBytes), 0)]
    [InlineData(nameof(StructuredOutputOptions.MaxDepth), 0)]
    [InlineData(nameof(StructuredOutputOptions.RegexTimeoutMilliseconds), 0)]
    [InlineData(nameof(StructuredOutputOptions.ValidatorCacheSize), 0)]
    [InlineData(nameof(StructuredOutputOptions.MaxWork), 0)]
    [InlineData(nameof(StructuredOutputOptions.MaxSchemaBytes), 0)]
    [InlineData(nameof(StructuredOutputOptions.MaxSchemaDepth), 0)]
    [InlineData(nameof(StructuredOutputOptions.MaxSchemaDepth), 5000)]
    public void UseStructuredOutput_OutOfRangeOption_ThrowsNamingTheOption(string property, int value)
    {
        var builder = new ChatClientBuilder(TestChatClient.Answering("{}"))
            .UseStructuredOutput(o => typeof(StructuredOutputOptions).GetProperty(property)!.SetValue(o, value));

        var ex = Assert.Throws<OptionsValidationException>(() => builder.Build());
        Assert.Contains(property, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_ValidOptions_Succeeds()
    {
        var options = new StructuredOutputOptions();
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), null, true));
    }

    [Fact]
    public async Task AddStructuredOutput_BindsFromConfigurationAndFeedsTheStage()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Compliant:StructuredOutput:MaxAttempts"] = "2",
            ["Compliant:StructuredOutput:StripMarkdownCodeFence"] = "true",
            ["Compliant:StructuredOutput:Mode"] = "Enforce",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(config);
        services.AddCompliantAI().AddStructuredOutput();
        using ServiceProvider provider = services.BuildServiceProvider();

        StructuredOutputOptions options = provider.GetRequiredService<IOptions<StructuredOutputOptions>>().Value;
        Assert.Equal(2, options.MaxAttempts);
        Assert.True(options.StripMarkdownCodeFence);

        TestChatClient model = ScriptedChatClient.Create("nope", "still nope");
        using IChatClient client = new ChatClientBuilder(model).UseStructuredOutput().Build(provider);
        var ex = await Assert.ThrowsAsync<StructuredOutputValidationException>(() => client.GetResponseAsync<int>("t"));
        Assert.Equal(2, ex.Attempts);
    }

    [Fact]
    public void AddStructuredOutput_InvalidConfiguration_FailsValidation()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Compliant:StructuredOutput:MaxAttempts"] = "0",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(config);
        services.AddCompliantAI().AddStructuredOutput();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StructuredOutputOptions>>().Value);
    }

    [Fact]
    public void UseStructuredOutput_NullBuilder_Throws() =>
        Assert.Throws<ArgumentNullException>(() => StructuredOutputChatClientBuilderExtensions.UseStructuredOutput(null!));
}
