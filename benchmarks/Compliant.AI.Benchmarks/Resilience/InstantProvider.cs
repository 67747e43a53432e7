using Microsoft.Extensions.AI;

namespace Compliant.AI.Benchmarks.Resilience;

/// <summary>The provider of the resilience and cost benchmarks: answers at once with a fixed cited answer and reported usage, streamed as 8 chunks.</summary>
internal static class InstantProvider
{
    public static FixedAnswerChatClient Create() =>
        new("Contractors need approved devices.[1]", streamChunkSize: 5, usage: new UsageDetails { InputTokenCount = 24, OutputTokenCount = 9, TotalTokenCount = 33 });
}
