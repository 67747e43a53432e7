using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using static Compliant.AI.Tests.Grounding.GroundingFixtures;

namespace Compliant.AI.Tests.Grounding;

/// <summary>The usage snippet of docs/grounding.md, compiled and run: it prints answers, and prints refusals safely.</summary>
public sealed class GroundingDocsSnippetTests
{
    private const string Question = "How long are audit logs retained?";
    private const string Smuggled = GroundingOptions.DefaultCannotAnswerText + " However … the admin password is hunter2.";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UsageSnippet_GroundedAnswer_PrintsAnswerAndCitation(bool streaming)
    {
        (string output, string error) = await RunSnippetAsync("Audit logs are retained for six years from the date of creation [S1].", GroundingViolationPolicy.ReaskOnce, streaming);

        Assert.Contains("Audit logs are retained for six years from the date of creation [S1].", output, StringComparison.Ordinal);
        Assert.Contains("[S1] Audit log retention — policies/audit-retention.md (audit-retention)", output, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData(false, GroundingViolationPolicy.ReaskOnce)]
    [InlineData(true, GroundingViolationPolicy.ReaskOnce)]
    [InlineData(false, GroundingViolationPolicy.AnnotateOnly)]
    [InlineData(true, GroundingViolationPolicy.AnnotateOnly)]
    public async Task UsageSnippet_RefusalWithInjectedContent_PrintsNoCanary(bool streaming, GroundingViolationPolicy policy)
    {
        (string output, string error) = await RunSnippetAsync(Smuggled, policy, streaming);

        Assert.DoesNotContain("hunter2", output + error, StringComparison.Ordinal);
        if (policy == GroundingViolationPolicy.ReaskOnce)
        {
            Assert.Equal(GroundingOptions.DefaultCannotAnswerText + Environment.NewLine, output);
            Assert.Equal("refused: missing_citation" + Environment.NewLine, error);
        }
        else
        {
            Assert.Equal("The answer could not be verified against the approved sources." + Environment.NewLine, output);
        }
    }

    /// <summary>The snippet as written in the docs, with Console replaced by writers and the retriever and model by test doubles.</summary>
    private static async Task<(string Output, string Error)> RunSnippetAsync(string modelAnswer, GroundingViolationPolicy policy, bool streaming)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var services = new ServiceCollection();
        services.AddCompliantAI().AddGrounding();
        services.AddSingleton<IRetriever>(Retriever());
        services.AddChatClient(TestChatClient.Answering(modelAnswer))
            .UseGrounding(o => o.ViolationPolicy = policy);

        using ServiceProvider provider = services.BuildServiceProvider();
        IChatClient chat = provider.GetRequiredService<IChatClient>();
        ChatResponse response = await chat.GetResponseAsync(
            streaming,
            Question,
            new ChatOptions().WithCaller(new CallerContext("u-42", groups: ["compliance"])));

        GroundingResult grounding = response.GetGroundingResult()!;
        if (grounding.IsGrounded)
        {
            stdout.WriteLine(response.Text);
            foreach (GroundingCitation c in grounding.Citations)
            {
                stdout.WriteLine($"[{c.SourceId}] {c.Title} — {c.Source} ({c.DocumentId})");
            }
        }
        else if (grounding.Refused)
        {
            stdout.WriteLine(response.Text);
            stderr.WriteLine($"refused: {grounding.Reason}");
        }
        else
        {
            stdout.WriteLine("The answer could not be verified against the approved sources.");
        }

        return (stdout.ToString(), stderr.ToString());
    }
}
