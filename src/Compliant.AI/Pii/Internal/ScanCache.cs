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

    /// <summary>Starts sharing for <paramref name="text"/> on this thread until <see cref="End"/>.</summary>
    public static void Begin(string text)
    {
        t_text = text;
        t_tokens = null;
        t_digitRuns = null;
    }

    /// <summary>Stops sharing and drops what was shared.</summary>
    public static void End()
    {
        t_text = null;
        t_tokens = null;
        t_digitRuns = null;
    }

    /// <summary>The word tokens of <paramref name="text"/>; callers must not modify the list.</summary>
    public static List<WordToken> Tokens(string text) =>
        ReferenceEquals(text, t_text) ? t_tokens ??= WordToken.Scan(text) : WordToken.Scan(text);

    /// <summary>The maximal runs of ASCII digits of <paramref name="text"/>.</summary>
    public static DigitRuns Digits(string text) =>
        ReferenceEquals(text, t_text) ? t_digitRuns ??= DigitRuns.Scan(text) : DigitRuns.Scan(text);
}
