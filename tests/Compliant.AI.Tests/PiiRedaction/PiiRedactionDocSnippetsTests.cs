using Microsoft.Extensions.AI;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;

namespace Compliant.AI.Tests.PiiRedaction;

/// <summary>The snippets of docs/pii-redaction.md, compiled and run (the provider client is replaced by a test client).</summary>
public class PiiRedactionDocSnippetsTests
{
    public static class MyTaxonomy
    {
        public static DataClassification FreeText { get; } = new("MyTaxonomy", "FreeText");
    }

    [Fact]
    public async Task Usage_DependencyInjection_Works()
    {
        var services = new ServiceCollection().AddLogging(); // a host registers logging
        services.AddCompliantAI().AddPiiDetection().AddPiiRedaction();
        services.AddChatClient(sp => TestChatClient.Answering("Hello <PERSON_1>"))
            .UsePiiRedaction(o =>
            {
                o.Operators[PiiEntityTypes.UsSsn] = PiiOperatorKind.Mask;
                o.Operators[PiiEntityTypes.CreditCard] = PiiOperatorKind.Remove;
            })
            .UseOpenTelemetry()
            .UseLogging();
        IChatClient chatClient = services.BuildServiceProvider().GetRequiredService<IChatClient>();

        var options = new ChatOptions { ConversationId = "conversation-1" };
        ChatResponse answer = await chatClient.GetResponseAsync([new ChatMessage(ChatRole.User, "I am Maria Okafor.")], options);

        Assert.Equal("Hello Maria Okafor", answer.Text);
    }

    [Fact]
    public void Usage_AnonymizerAndRedactor_Work()
    {
        var detector = new PiiDetector();
        string text = "Contact maria.okafor@example.com today.";
        var anonymizer = new PiiAnonymizer(new PiiAnonymizerOptions { DefaultOperator = PiiOperatorKind.Placeholder });
        var table = new PseudonymTable();
        PiiAnonymizationResult result = anonymizer.Anonymize(text, detector.Detect(text), table);
        string original = table.Restore(result.Text);
        IReadOnlyDictionary<string, int> counts = result.Counts;

        Assert.Equal(text, original);
        Assert.Equal(1, counts[PiiEntityTypes.EmailAddress]);

        var services = new ServiceCollection();
        services.AddCompliantAI().AddPiiDetection();
        services.AddRedaction(r => r.SetPiiRedactor(MyTaxonomy.FreeText));
        Redactor redactor = services.BuildServiceProvider().GetRequiredService<IRedactorProvider>().GetRedactor(MyTaxonomy.FreeText);
        Assert.Equal("Contact <EMAIL_ADDRESS_1> today.", redactor.Redact(text));
    }
}
