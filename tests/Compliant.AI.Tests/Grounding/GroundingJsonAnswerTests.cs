using Microsoft.Extensions.AI;
using static Compliant.AI.Tests.Grounding.GroundingFixtures;

namespace Compliant.AI.Tests.Grounding;

/// <summary>
/// A request that asks for JSON (<see cref="ChatOptions.ResponseFormat"/>): grounding checks the answer's string values,
/// not its property names and braces, and a refusal is a typed <see cref="GroundingRefusedException"/> rather than
/// plain text that would break the caller's schema.
/// </summary>
public class GroundingJsonAnswerTests
{
    private const string Question = "How long are audit logs retained?";
    private const string Canary = "canary-7f3a9 never in an exception";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task JsonFormat_CitedStringValues_DeliveredUnchangedAndGrounded(bool streaming)
    {
        const string Answer = """{"answer":"Audit logs are retained for six years from the date of creation [S1].","confidence":"high","years":6}""";
        using var client = new GroundingChatClient(TestChatClient.Answering(Answer), Retriever());

        ChatResponse response = await client.GetResponseAsync(streaming, Question, Json());

        Assert.Equal(Answer, response.Text);
        GroundingResult result = response.GetGroundingResult()!;
        Assert.True(result.IsGrounded, result.Reason);
        Assert.Equal("audit-retention", Assert.Single(result.Citations).DocumentId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task JsonFormat_UncitedClaimInAStringValue_ThrowsTypedRefusalAndAudits(bool streaming)
    {
        string answer = """{"answer":"Audit logs are retained for six years from the date of creation [S1].","note":"Backups are copied to a second region every night by the """ + Canary + """ job."}""";
        using var client = new GroundingChatClient(TestChatClient.Answering(answer), Retriever());
        var audit = new AuditScope(new AuditRecord());
        AuditScope.Current = audit;

        GroundingRefusedException error = await Assert.ThrowsAsync<GroundingRefusedException>(() => client.GetResponseAsync(streaming, Question, Json()));

        AuditScope.Current = null;
        Assert.Equal("grounding", error.Stage);
        Assert.True(GroundingReasons.IsCitationFailure(error.Reason), error.Reason);
        Assert.True(error.Result!.Refused);
        Assert.DoesNotContain("canary", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Backups", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(audit.Record.Verdicts, v => v.Stage == "grounding" && v.Decision == AuditDecision.Deny && v.Reason == error.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task JsonFormat_NoEvidence_ThrowsBeforeTheModelIsCalled(bool streaming)
    {
        TestChatClient inner = TestChatClient.Answering("""{"answer":"never produced [S1]"}""");
        using var client = new GroundingChatClient(inner, Retriever());

        GroundingRefusedException error = await Assert.ThrowsAsync<GroundingRefusedException>(
            () => client.GetResponseAsync(streaming, "What is on the cafeteria menu this Friday?", Json()));

        Assert.Equal(GroundingReasons.NoEvidence, error.Reason);
        Assert.Empty(inner.Calls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task JsonFormat_ModelDeclinesInsideTheJson_ThrowsModelDeclined(bool streaming)
    {
        string answer = "{\"answer\":\"" + GroundingOptions.DefaultCannotAnswerText + "\"}";
        using var client = new GroundingChatClient(TestChatClient.Answering(answer), Retriever());

        GroundingRefusedException error = await Assert.ThrowsAsync<GroundingRefusedException>(() => client.GetResponseAsync(streaming, Question, Json()));

        Assert.Equal(GroundingReasons.ModelDeclined, error.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TextFormat_Refusal_StillTheCannotAnswerText(bool streaming)
    {
        using var client = new GroundingChatClient(TestChatClient.Answering("""{"answer":"never produced [S1]"}"""), Retriever());

        ChatResponse response = await client.GetResponseAsync(streaming, "What is on the cafeteria menu this Friday?", new ChatOptions().WithCaller(Staff));

        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, response.Text);
        Assert.True(response.GetGroundingResult()!.Refused);
    }

    [Fact]
    public async Task JsonFormat_AnswerThatIsNotJson_CheckedAsProse()
    {
        // The structured-output stage (inside grounding) owns JSON validity; grounding falls back to the text as it is.
        const string Answer = "Audit logs are retained for six years from the date of creation [S1].";
        using var client = new GroundingChatClient(TestChatClient.Answering(Answer), Retriever());

        ChatResponse response = await client.GetResponseAsync(Question, Json());

        Assert.True(response.GetGroundingResult()!.IsGrounded);
    }

    private static ChatOptions Json() => new ChatOptions { ResponseFormat = ChatResponseFormat.Json }.WithCaller(Staff);
}
