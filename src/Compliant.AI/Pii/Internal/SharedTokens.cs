namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Lets the recognizers of one <see cref="PiiDetector.Detect"/> call share one tokenization of the scanned text
/// (PERSON and LOCATION both tokenize it). Per thread; nothing is kept after the call.
/// </summary>
internal static class SharedTokens
{
    [ThreadStatic]
    private static string? t_text;

    [ThreadStatic]
    private static List<WordToken>? t_tokens;

    /// <summary>Starts sharing the tokens of <paramref name="text"/> on this thread until <see cref="End"/>.</summary>
    public static void Begin(string text)
    {
        t_text = text;
        t_tokens = null;
    }

    /// <summary>Stops sharing and drops the tokens.</summary>
    public static void End()
    {
        t_text = null;
        t_tokens = null;
    }

    /// <summary>The shared tokens of <paramref name="text"/>, tokenized on first use; a fresh list when no call is sharing this text.</summary>
    public static List<WordToken> Get(string text)
    {
        if (!ReferenceEquals(text, t_text))
        {
            return WordToken.Scan(text);
        }

        return t_tokens ??= WordToken.Scan(text);
    }
}
