using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Compliant.AI.Tests.PiiRedaction.RedactionTestHelpers;

namespace Compliant.AI.Tests.PiiRedaction;

public class PiiRedactionOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var options = new PiiRedactionOptions();

        Assert.Equal(PiiOperatorKind.Placeholder, options.DefaultOperator);
        Assert.Empty(options.Operators);
        Assert.Equal('*', options.MaskCharacter);
        Assert.Equal(4, options.MaskKeepLast);
        Assert.Equal(16, options.HashLength);
        Assert.True(options.Restore);
        Assert.Equal(PiiRedactionScope.Conversation, options.Scope);
        Assert.Equal("COMPLIANT_PII_KEY", options.KeyEnvironmentVariable);
        Assert.Equal(TimeSpan.FromHours(24), options.VaultExpiry);
        Assert.Equal(10_000, options.VaultMaxScopes);
        Assert.Equal(10_000, options.VaultMaxEntriesPerScope);
        Assert.False(options.RequiresKey());
        Assert.Equal(PiiOperatorKind.Placeholder, options.GetOperator("PERSON"));
    }

    [Fact]
    public void AddPiiRedaction_BindsFromConfiguration()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Compliant:Pii:Redaction:DefaultOperator"] = "Mask",
            ["Compliant:Pii:Redaction:Operators:PERSON"] = "Placeholder",
            ["Compliant:Pii:Redaction:Operators:us_ssn"] = "Remove",
            ["Compliant:Pii:Redaction:Restore"] = "false",
            ["Compliant:Pii:Redaction:Scope"] = "Request",
            ["Compliant:Pii:Redaction:VaultExpiry"] = "00:30:00",
            ["Compliant:Pii:Redaction:MaskKeepLast"] = "2",
        }).Build();
        var services = new ServiceCollection().AddSingleton(configuration);
        services.AddCompliantAI().AddPiiDetection().AddPiiRedaction();

        PiiRedactionOptions options = services.BuildServiceProvider().GetRequiredService<IOptions<PiiRedactionOptions>>().Value;

        Assert.Equal(PiiOperatorKind.Mask, options.DefaultOperator);
        Assert.Equal(PiiOperatorKind.Placeholder, options.GetOperator("PERSON"));
        Assert.Equal(PiiOperatorKind.Remove, options.GetOperator("US_SSN"));
        Assert.False(options.Restore);
        Assert.Equal(PiiRedactionScope.Request, options.Scope);
        Assert.Equal(TimeSpan.FromMinutes(30), options.VaultExpiry);
        Assert.Equal(2, options.MaskKeepLast);
    }

    [Theory]
    [InlineData("MaskKeepLast", "65", "MaskKeepLast")]
    [InlineData("HashLength", "4", "HashLength")]
    [InlineData("VaultMaxScopes", "0", "VaultMaxScopes")]
    [InlineData("VaultMaxEntriesPerScope", "0", "VaultMaxEntriesPerScope")]
    [InlineData("VaultExpiry", "00:00:00", "VaultExpiry must be positive")]
    [InlineData("DefaultOperator", "Hash", "COMPLIANT_TEST_NO_SUCH_KEY")]
    public void Validation_InvalidValue_FailsWithClearMessage(string key, string value, string expected)
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddPiiDetection().AddPiiRedaction(o =>
        {
            o.KeyEnvironmentVariable = "COMPLIANT_TEST_NO_SUCH_KEY";
            switch (key)
            {
                case "MaskKeepLast": o.MaskKeepLast = int.Parse(value); break;
                case "HashLength": o.HashLength = int.Parse(value); break;
                case "VaultMaxScopes": o.VaultMaxScopes = int.Parse(value); break;
                case "VaultMaxEntriesPerScope": o.VaultMaxEntriesPerScope = int.Parse(value); break;
                case "VaultExpiry": o.VaultExpiry = TimeSpan.Parse(value); break;
                case "DefaultOperator": o.DefaultOperator = Enum.Parse<PiiOperatorKind>(value); break;
            }
        });

        var ex = Assert.Throws<OptionsValidationException>(() => services.BuildServiceProvider().GetRequiredService<IOptions<PiiRedactionOptions>>().Value);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Validation_HashWithRegisteredKey_Passes()
    {
        var services = new ServiceCollection().AddSingleton(PiiKey.CreateRandom());
        services.AddCompliantAI().AddPiiDetection().AddPiiRedaction(o => o.DefaultOperator = PiiOperatorKind.Hash);

        Assert.Equal(PiiOperatorKind.Hash, services.BuildServiceProvider().GetRequiredService<IOptions<PiiRedactionOptions>>().Value.DefaultOperator);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UsePiiRedaction_FromServices_UsesRegisteredDetectorVaultAndOptions(bool streaming)
    {
        var services = new ServiceCollection().AddSingleton<IPiiDetector>(new TestPiiDetector());
        services.AddCompliantAI().AddPiiDetection().AddPiiRedaction(o => o.Operators["US_SSN"] = PiiOperatorKind.Mask);
        ServiceProvider provider = services.BuildServiceProvider();
        TestChatClient inner = EchoModel();
        IChatClient client = new ChatClientBuilder(inner).UsePiiRedaction(o => o.Operators["CREDIT_CARD"] = PiiOperatorKind.Remove).Build(provider);

        ChatResponse response = await client.GetResponseAsync(streaming, $"{TestPiiDetector.Name} {TestPiiDetector.Ssn}, card {TestPiiDetector.Card}", new ChatOptions { ConversationId = "x" });

        Assert.Equal("<PERSON_1> ***-**-6789, card ", LastUser(inner.Calls[0].Messages));
        Assert.Equal($"{TestPiiDetector.Name} ***-**-6789, card ", response.Text);
        Assert.Equal(TestPiiDetector.Name, await provider.GetRequiredService<IPseudonymVault>().GetValueAsync("x", "<PERSON_1>"));
        Assert.Equal(PiiOperatorKind.Placeholder, provider.GetRequiredService<IOptions<PiiRedactionOptions>>().Value.GetOperator("CREDIT_CARD")); // the per-pipeline callback did not leak
    }

    [Fact]
    public void AddDistributedPseudonymVault_ReplacesInMemoryVault()
    {
        var services = new ServiceCollection().AddDistributedMemoryCache().AddSingleton(PiiKey.CreateRandom());
        services.AddCompliantAI().AddPiiDetection().AddPiiRedaction().AddDistributedPseudonymVault();
        services.AddCompliantAI().AddPiiDetection().AddPiiRedaction();

        Assert.IsType<DistributedPseudonymVault>(services.BuildServiceProvider().GetRequiredService<IPseudonymVault>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RequestScope_IgnoresConversationId(bool streaming)
    {
        IChatClient client = Pipeline(EchoModel(), o => o.Scope = PiiRedactionScope.Request);
        var options = new ChatOptions { ConversationId = "c" };
        await client.GetResponseAsync(streaming, $"I am {TestPiiDetector.Name}", options);

        Assert.Equal("<PERSON_1>", (await client.GetResponseAsync(streaming, "<PERSON_1>", options)).Text);
    }
}

public class PiiRedactionRealDetectorTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AddPiiRedaction_RealDetector_CanariesNeverReachInnerClientAndAreRestored(bool streaming)
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddPiiDetection().AddPiiRedaction();
        ServiceProvider provider = services.BuildServiceProvider();
        TestChatClient inner = EchoModel();
        IChatClient client = new ChatClientBuilder(inner).UsePiiRedaction().Build(provider);
        string text = $"Patient: {TestPiiDetector.Name}, SSN {TestPiiDetector.Ssn}, card {TestPiiDetector.Card}, e-mail {TestPiiDetector.Email}.";

        ChatResponse response = await client.GetResponseAsync(streaming, text, new ChatOptions { Instructions = $"Dear {TestPiiDetector.Name}" });

        Assert.IsNotType<TestPiiDetector>(provider.GetRequiredService<IPiiDetector>());
        AssertNoCanary(Received(inner), "inner client");
        Assert.Equal(text, response.Text);
    }
}
