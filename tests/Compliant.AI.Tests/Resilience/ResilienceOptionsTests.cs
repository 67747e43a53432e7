using Compliant.AI.Resilience.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Tests.Resilience;

public sealed class ResilienceOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var o = new ResilienceOptions();

        Assert.Equal(3, o.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), o.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), o.MaxDelay);
        Assert.True(o.UseJitter);
        Assert.True(o.HonorRetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(60), o.MaxRetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(100), o.AttemptTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), o.TotalTimeout);
        Assert.True(o.CircuitBreakerEnabled);
        Assert.Equal(0.5, o.CircuitBreakerFailureRatio);
        Assert.Equal(10, o.CircuitBreakerMinimumThroughput);
        Assert.Equal(TimeSpan.FromSeconds(30), o.CircuitBreakerSamplingDuration);
        Assert.Equal(TimeSpan.FromSeconds(15), o.CircuitBreakerBreakDuration);
        Assert.Null(o.ShouldRetry);
        Assert.True(new ResilienceOptionsValidation().Validate(null, o).Succeeded);
    }

    public static TheoryData<Action<ResilienceOptions>, string> Invalid => new()
    {
        { o => o.MaxRetryAttempts = -1, nameof(ResilienceOptions.MaxRetryAttempts) },
        { o => o.MaxRetryAttempts = 21, nameof(ResilienceOptions.MaxRetryAttempts) },
        { o => o.BaseDelay = TimeSpan.FromSeconds(-1), nameof(ResilienceOptions.BaseDelay) },
        { o => o.MaxDelay = TimeSpan.FromSeconds(1), "MaxDelay must be at least BaseDelay" },
        { o => o.MaxRetryAfter = TimeSpan.FromHours(2), nameof(ResilienceOptions.MaxRetryAfter) },
        { o => o.AttemptTimeout = TimeSpan.Zero, nameof(ResilienceOptions.AttemptTimeout) },
        { o => o.TotalTimeout = TimeSpan.FromSeconds(10), "TotalTimeout must be at least AttemptTimeout" },
        { o => o.CircuitBreakerFailureRatio = 0, nameof(ResilienceOptions.CircuitBreakerFailureRatio) },
        { o => o.CircuitBreakerMinimumThroughput = 1, nameof(ResilienceOptions.CircuitBreakerMinimumThroughput) },
        { o => o.CircuitBreakerSamplingDuration = TimeSpan.FromMilliseconds(10), nameof(ResilienceOptions.CircuitBreakerSamplingDuration) },
        { o => o.CircuitBreakerBreakDuration = TimeSpan.FromMilliseconds(10), nameof(ResilienceOptions.CircuitBreakerBreakDuration) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidValue_NamesTheProblem(Action<ResilienceOptions> change, string expected)
    {
        var o = new ResilienceOptions();
        change(o);

        ValidateOptionsResult result = new ResilienceOptionsValidation().Validate(null, o);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddResilience_BindsFromConfigurationAndValidatesOnStart()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Compliant:Resilience:MaxRetryAttempts"] = "5",
            ["Compliant:Resilience:AttemptTimeout"] = "00:00:30",
            ["Compliant:Resilience:CircuitBreakerEnabled"] = "false",
        }).Build();
        var services = new ServiceCollection().AddSingleton(configuration);
        services.AddCompliantAI().AddResilience();
        using ServiceProvider provider = services.BuildServiceProvider();

        ResilienceOptions o = provider.GetRequiredService<IOptions<ResilienceOptions>>().Value;

        Assert.Equal(5, o.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), o.AttemptTimeout);
        Assert.False(o.CircuitBreakerEnabled);
    }

    [Fact]
    public void AddResilience_InvalidConfiguration_FailsValidation()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Compliant:Resilience:TotalTimeout"] = "00:00:01",
        }).Build();
        var services = new ServiceCollection().AddSingleton(configuration);
        services.AddCompliantAI().AddResilience();
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ResilienceOptions>>().Value);
        Assert.Contains("TotalTimeout", error.Message, StringComparison.Ordinal);
    }
}
