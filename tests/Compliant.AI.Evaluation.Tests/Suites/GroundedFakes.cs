using Compliant.AI.Testing;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Evaluation.Tests.Suites;

/// <summary>A chat client that answers each question with a scripted grounding result, as the grounding stage attaches it.</summary>
internal static class GroundedFakes
{
    public static TestChatClient Scripted(Func<string, (string Text, bool Refused, string[] Cited, bool Unsupported)> script) => new()
    {
        GetResponseAsyncCallback = (messages, _, _) =>
        {
            (string text, bool refused, string[] cited, bool unsupported) = script(messages.Last().Text);
            var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
            {
                AdditionalProperties = new()
                {
                    [GroundingResult.AdditionalPropertiesKey] = new GroundingResult
                    {
                        Refused = refused,
                        Reason = refused ? "no_evidence" : null,
                        Citations = [.. cited.Select((d, i) => new GroundingCitation { SourceId = "S" + (i + 1), ChunkId = d + "#0", DocumentId = d })],
                        UnsupportedClaims = unsupported ? [new GroundingClaim { Start = 0, End = 5, SourceIds = [], Support = 0, Reason = "unsupported" }] : [],
                    },
                },
                Usage = new UsageDetails { TotalTokenCount = 10 },
            };
            return Task.FromResult(response);
        },
    };
}
