namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Unwraps an answer that is exactly one Markdown code fence (<c>```json\n...\n```</c>), and nothing else.</summary>
internal static class CodeFence
{
    public static bool TryStrip(string text, out string inner)
    {
        ReadOnlySpan<char> span = text.AsSpan().Trim();
        inner = text;
        if (span.Length < 6 || !span.StartsWith("```", StringComparison.Ordinal) || !span.EndsWith("```", StringComparison.Ordinal))
        {
            return false;
        }

        int firstLineEnd = span.IndexOf('\n');
        if (firstLineEnd < 0)
        {
            return false;
        }

        // the info string (e.g. "json") may only be a word: no other content on the opening line
        ReadOnlySpan<char> info = span[3..firstLineEnd].Trim();
        foreach (char c in info)
        {
            if (!char.IsLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        ReadOnlySpan<char> body = span[(firstLineEnd + 1)..^3];
        if (body.Contains("```", StringComparison.Ordinal))
        {
            return false;
        }

        inner = body.Trim().ToString();
        return true;
    }
}
