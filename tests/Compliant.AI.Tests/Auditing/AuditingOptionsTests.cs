using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Tests.Auditing;

public class AuditingOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var options = new AuditingOptions();

        Assert.Equal(AuditFailurePolicy.FailClosed, options.FailurePolicy);
        Assert.Equal(AuditContentCapture.DigestOnly, options.ContentCapture);
        Assert.False(options.HoldStreamingUntilDurable);
        Assert.Equal("default", options.KeyId);
        Assert.Null(options.Key);
        Assert.Equal("COMPLIANT_AUDIT_KEY", options.KeyEnvironmentVariable);
        Assert.Equal(TimeSpan.FromSeconds(30), options.WriteTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), options.AbandonedStreamTimeout);
    }

    [Theory]
    [InlineData("Compliant:Audit:WriteTimeout", "00:00:00", "Compliant:Audit:WriteTimeout must be between 1 ms and 1 hour.")]
    [InlineData("Compliant:Audit:WriteTimeout", "02:00:00", "Compliant:Audit:WriteTimeout must be between 1 ms and 1 hour.")]
    [InlineData("Compliant:Audit:AbandonedStreamTimeout", "00:00:00", "Compliant:Audit:AbandonedStreamTimeout must be between 1 ms and 1 day, or infinite")]
    [InlineData("Compliant:Audit:AbandonedStreamTimeout", "2.00:00:00", "Compliant:Audit:AbandonedStreamTimeout must be between 1 ms and 1 day, or infinite")]
    [InlineData("Compliant:Audit:ContentCapture", "7", "Compliant:Audit:ContentCapture must be DigestOnly or Full.")]
    [InlineData("Compliant:Audit:KeyId", "bad key!", "Compliant:Audit:KeyId must be 1-64 letters, digits, '.', '_' or '-'.")]
    public void Validation_BadConfiguration_FailsAtStartWithClearMessage(string key, string value, string message)
    {
        using ServiceProvider services = BuildServices(new() { [key] = value });

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AuditingOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void AddAuditing_BindsFromCompliantAuditSection()
    {
        using ServiceProvider services = BuildServices(new()
        {
            ["Compliant:Audit:FailurePolicy"] = "FailOpen",
            ["Compliant:Audit:ContentCapture"] = "Full",
            ["Compliant:Audit:HoldStreamingUntilDurable"] = "true",
            ["Compliant:Audit:KeyId"] = "k-2026",
        });

        AuditingOptions options = services.GetRequiredService<IOptions<AuditingOptions>>().Value;

        Assert.Equal(AuditFailurePolicy.FailOpen, options.FailurePolicy);
        Assert.Equal(AuditContentCapture.Full, options.ContentCapture);
        Assert.True(options.HoldStreamingUntilDurable);
        Assert.Equal("k-2026", options.KeyId);
    }

    [Fact]
    public void AddCompliantAI_CalledTwice_RegistersServicesOnce()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddAuditing();
        services.AddCompliantAI().AddAuditing();

        Assert.Single(services, d => d.ServiceType == typeof(ICallerContextAccessor));
        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<IOptions<AuditingOptions>>().Value);
    }

    [Fact]
    public void UseAuditing_NoKeyAnywhere_ThrowsClearErrorWhenBuilt()
    {
        using ServiceProvider services = BuildServices(new() { ["Compliant:Audit:KeyEnvironmentVariable"] = "COMPLIANT_TEST_UNSET_" + Guid.NewGuid().ToString("N") }, addSink: true);
        using var inner = TestChatClient.Answering("x");

        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => inner.AsBuilder().UseAuditing().Build(services));

        Assert.Contains("COMPLIANT_TEST_UNSET_", ex.Message, StringComparison.Ordinal);
        Assert.Contains("is not set", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseAuditing_NoSink_ThrowsClearErrorWhenBuilt()
    {
        using ServiceProvider services = BuildServices(new() { ["Compliant:Audit:Key"] = TestKeys.AuditBase64 });
        using var inner = TestChatClient.Answering("x");

        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => inner.AsBuilder().UseAuditing().Build(services));

        Assert.Contains("IAuditSink", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AuditKey_ToStringAndErrors_NeverRevealTheSecret()
    {
        string secret = TestKeys.AuditBase64;

        Assert.DoesNotContain(secret, TestKeys.Audit.ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new AuditKey("k", new byte[16]));
        Assert.Throws<ArgumentException>(() => new AuditKey("bad id", new byte[32]));
        FormatException ex = Assert.Throws<FormatException>(() => AuditKey.FromBase64("k", "not base64 " + secret));
        Assert.DoesNotContain(secret, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseAuditing_FromServices_WritesRecordsWithConfiguredKey(bool streaming)
    {
        var sink = new TestAuditSink();
        using ServiceProvider services = BuildServices(new() { ["Compliant:Audit:Key"] = TestKeys.AuditBase64, ["Compliant:Audit:KeyId"] = "test-key" }, sink: sink);
        using var inner = TestChatClient.Answering("answer");
        using IChatClient client = inner.AsBuilder().UseAuditing().Build(services);

        await client.GetResponseAsync(streaming, "question");

        Assert.Equal(TestKeys.Audit.DigestText("question"), sink.Only().Request[0].Digest);
    }

    private static ServiceProvider BuildServices(Dictionary<string, string?> settings, bool addSink = false, TestAuditSink? sink = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddCompliantAI().AddAuditing();
        if (sink is not null || addSink)
        {
            services.AddSingleton<IAuditSink>(sink ?? new TestAuditSink());
        }

        return services.BuildServiceProvider();
    }
}
