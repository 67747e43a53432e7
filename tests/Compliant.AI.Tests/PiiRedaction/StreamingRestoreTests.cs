using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.AI;
using static Compliant.AI.Tests.PiiRedaction.RedactionTestHelpers;

namespace Compliant.AI.Tests.PiiRedaction;

/// <summary>For ANY chunking of a streamed answer, the restored stream equals the restored whole answer.</summary>
public class StreamingRestoreTests
{
    private static readonly Gen<string> Pieces = Gen.Elements(
        "<PERSON_1>", "<PERSON_2>", "<US_SSN_1>", "<PERSON_7>", "<EMAIL_ADDRESS_1>", "<", ">", "<PERSON_", "1>", "_", "<<", "PERSON_1>",
        "Hello ", "x", "\"", "\\", "é", "\uD83D\uDE00", "\uD800", "\n", "<" + new string('A', 70) + ">", "<A_0>", "<a_1>");

    [Property(MaxTest = 200)]
    public Property StreamingRestore_AnyChunking_EqualsWholeAnswer()
    {
        Gen<(string Answer, int[] Cuts)> cases =
            from pieces in Gen.ListOf(Pieces)
            let answer = string.Concat(pieces)
            from cuts in Gen.ListOf(Gen.Choose(0, answer.Length))
            select (answer, cuts.Distinct().Order().ToArray());

        return Prop.ForAll(cases.ToArbitrary(), c => Check(c.Answer, c.Cuts, json: false).GetAwaiter().GetResult()
            && Check(c.Answer, c.Cuts, json: true).GetAwaiter().GetResult());
    }

    private static async Task<bool> Check(string answer, int[] cuts, bool json)
    {
        var chunks = new List<string>();
        int previous = 0;
        foreach (int cut in cuts.Append(answer.Length))
        {
            chunks.Add(answer[previous..cut]);
            previous = cut;
        }

        var options = new ChatOptions { ConversationId = "c", ResponseFormat = json ? ChatResponseFormat.Json : ChatResponseFormat.Text };
        var vault = new InMemoryPseudonymVault();
        await vault.GetOrAddPseudonymAsync("c", "PERSON", TestPiiDetector.Name);
        await vault.GetOrAddPseudonymAsync("c", "PERSON", "Ana O\"Neil\\Test");
        await vault.GetOrAddPseudonymAsync("c", "US_SSN", TestPiiDetector.Ssn);

        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))),
            GetStreamingResponseAsyncCallback = (_, _, _) => StreamChunks(chunks),
        };
        IChatClient client = new PiiRedactionChatClient(inner, new TestPiiDetector(), vault: vault);

        string whole = (await client.GetResponseAsync("q", options)).Text;
        var streamed = new System.Text.StringBuilder();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("q", options))
        {
            streamed.Append(update.Text);
        }

        return whole == streamed.ToString();
    }

    [Fact]
    public async Task StreamingRestore_SplitPlaceholder_IsRestoredOnceAndNothingLost()
    {
        var vault = new InMemoryPseudonymVault();
        await vault.GetOrAddPseudonymAsync("c", "PERSON", TestPiiDetector.Name);
        var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => StreamChunks(["Dear <PER", "SON_", "1", ">, and <PERSON_1", "0> and <PERSON_"]) };
        IChatClient client = new PiiRedactionChatClient(inner, new TestPiiDetector(), vault: vault);

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("q", new ChatOptions { ConversationId = "c" }))
        {
            updates.Add(update);
        }

        Assert.Equal($"Dear {TestPiiDetector.Name}, and <PERSON_10> and <PERSON_", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal("Dear ", updates[0].Text);
        Assert.All(updates, u => Assert.Equal("m1", u.MessageId));
    }
}
