using Compliant.AI.Text;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Lets the recognizers of one <see cref="PiiDetector.Detect"/> call share what they derive from the scanned text: its
/// word tokens (PERSON and LOCATION both tokenize it) and its runs of digits (the numeric expressions' triggers).
/// Per thread; nothing is kept after the call. Outside a call, each request computes afresh.
/// </summary>
internal static class ScanCache
{
    [ThreadStatic]
    private static string? t_text;

    [ThreadStatic]
    private static List<WordToken>? t_tokens;

    [ThreadStatic]
    private static DigitRuns? t_digitRuns;

    [ThreadStatic]
    private static LowercaseWords? t_lowercase;

    /// <summary>Starts sharing for <paramref name="text"/> on this thread until <see cref="End"/>.</summary>
    public static void Begin(string text)
    {
        t_text = text;
        t_tokens = null;
        t_digitRuns = null;
        t_lowercase = null;
    }

    /// <summary>Stops sharing and drops what was shared.</summary>
    public static void End()
    {
        t_text = null;
        t_tokens = null;
        t_digitRuns = null;
        t_lowercase = null;
    }

    /// <summary>The word tokens of <paramref name="text"/>; callers must not modify the list.</summary>
    public static List<WordToken> Tokens(string text) =>
        ReferenceEquals(text, t_text) ? t_tokens ??= WordToken.Scan(text) : WordToken.Scan(text);

    /// <summary>The lower-case words of <paramref name="text"/>, built once by <paramref name="create"/> from its tokens.</summary>
    public static LowercaseWords Lowercase(string text, Func<string, List<WordToken>, LowercaseWords> create) =>
        ReferenceEquals(text, t_text) ? t_lowercase ??= create(text, Tokens(text)) : create(text, Tokens(text));

    /// <summary>The maximal runs of ASCII digits of <paramref name="text"/>.</summary>
    public static DigitRuns Digits(string text) =>
        ReferenceEquals(text, t_text) ? t_digitRuns ??= DigitRuns.Scan(text) : DigitRuns.Scan(text);
}
