using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace Compliant.AI.Budgets.Internal;

/// <summary>Estimates token counts offline when a provider reports none.</summary>
/// <remarks>
/// <para>
/// Uses Microsoft.ML.Tokenizers' <c>o200k_base</c> tiktoken vocabulary (GPT-4o family), which ships inside the
/// <c>Microsoft.ML.Tokenizers.Data.O200kBase</c> package: no download at run time. It is exact for that family and
/// an approximation (typically within 10-20%) for other vendors' tokenizers. Should the vocabulary fail to load, the
/// estimator falls back to one token per four UTF-16 characters, rounded up.
/// </para>
/// <para>
/// Chat framing follows OpenAI's published accounting: 3 tokens per message plus 3 to prime the reply. Only text is
/// counted: images, audio and tool-call arguments add tokens the estimate does not see.
/// </para>
/// </remarks>
internal static class TokenEstimator
{
    public const int TokensPerMessage = 3;
    public const int ReplyPriming = 3;

    private static readonly Lazy<TiktokenTokenizer?> Tokenizer = new(CreateTokenizer, LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool UsesVocabulary => Tokenizer.Value is not null;

    public static long CountText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        return Tokenizer.Value is { } tokenizer ? tokenizer.CountTokens(text) : Heuristic(text);
    }

    public static long CountMessages(IEnumerable<ChatMessage> messages)
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

    internal static long Heuristic(string text) => (text.Length + 3L) / 4;

    private static TiktokenTokenizer? CreateTokenizer()
    {
        try
        {
            return TiktokenTokenizer.CreateForModel("gpt-4o");
        }
#pragma warning disable CA1031 // any failure to load the vocabulary falls back to the documented heuristic
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
