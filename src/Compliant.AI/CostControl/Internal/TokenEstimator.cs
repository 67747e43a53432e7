using Microsoft.Extensions.AI;

namespace Compliant.AI.CostControl.Internal;

/// <summary>Estimates token counts offline when a provider reports none.</summary>
/// <remarks>
/// <para>
/// Counts text with the <see cref="ITokenCounter"/> it is given (for example the tiktoken counter of the
/// Compliant.AI.Retrieval package), else with one token per four UTF-16 characters, rounded up.
/// </para>
/// <para>
/// Chat framing follows OpenAI's published accounting: 3 tokens per message plus 3 to prime the reply. Only text is
/// counted: images, audio and tool-call arguments add tokens the estimate does not see.
/// </para>
/// </remarks>
internal sealed class TokenEstimator(ITokenCounter? counter)
{
    public const int TokensPerMessage = 3;
    public const int ReplyPriming = 3;

    /// <summary>The estimator without a vocabulary: one token per four characters.</summary>
    public static TokenEstimator Heuristic { get; } = new(null);

    public long CountText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        return counter is { } c ? Math.Max(0, c.CountTokens(text)) : HeuristicCount(text);
    }

    public long CountMessages(IEnumerable<ChatMessage> messages)
    {
        long total = ReplyPriming;
        foreach (ChatMessage message in messages)
        {
            total += TokensPerMessage;
            foreach (AIContent content in message.Contents)
            {
                total += content switch
                {
                    TextContent text => CountText(text.Text),
                    TextReasoningContent reasoning => CountText(reasoning.Text),
                    FunctionCallContent call => CountText(call.Name) + (call.Arguments?.Count ?? 0) * 4,
                    FunctionResultContent result => CountText(result.Result as string),
                    _ => 0,
                };
            }
        }

        return total;
    }

    internal static long HeuristicCount(string text) => (text.Length + 3L) / 4;
}
