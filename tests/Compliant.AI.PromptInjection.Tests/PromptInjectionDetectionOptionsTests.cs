using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Tests;

public sealed class PromptInjectionDetectionOptionsTests
{
    [Fact]
    public void Defaults_AreDocumented()
    {
        var options = new PromptInjectionDetectionOptions();

        Assert.Equal(0.5, options.UserThreshold);
        Assert.Equal(0.5, options.DocumentThreshold);
        Assert.Equal(0.5, options.ToolThreshold);
        Assert.True(options.FoldUnicode);
        Assert.True(options.DecodePayloads);
        Assert.True(options.UndoLeetspeak);
        Assert.True(options.JoinSpacedLetters);
        Assert.True(options.UseSignatures);
        Assert.True(options.DetectTaskInsertion);
        Assert.True(options.UseModel);
    }

    [Theory]
    [InlineData(nameof(PromptInjectionDetectionOptions.UserThreshold))]
    [InlineData(nameof(PromptInjectionDetectionOptions.DocumentThreshold))]
    [InlineData(nameof(PromptInjectionDetectionOptions.ToolThreshold))]
    public void Constructor_ThresholdOutOfRange_ThrowsNamingTheOption(string name)
    {
        var options = new PromptInjectionDetectionOptions();
        typeof(PromptInjectionDetectionOptions).GetProperty(name)!.SetValue(options, 1.5);

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => new PromptInjectionDetector(options));
        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPromptInjectionDetection_BindsConfigurationAndIsIdempotent()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Compliant:PromptInjection:Detection:DocumentThreshold"] = "0.8" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddCompliantAI().AddPromptInjectionDetection().AddPromptInjectionDetection();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(0.8, provider.GetRequiredService<IOptions<PromptInjectionDetectionOptions>>().Value.DocumentThreshold);
        Assert.Single(services, d => d.ServiceType == typeof(IPromptInjectionDetector));
        Assert.IsType<PromptInjectionDetector>(provider.GetRequiredService<IPromptInjectionDetector>());
    }
}
