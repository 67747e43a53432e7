using System.Text;

namespace Compliant.AI.Internal;

/// <summary>Makes the server's <c>status.error</c> text safe to put in an exception message.</summary>
/// <remarks>
/// Qdrant's error texts describe the problem (a wrong dimension, a missing collection, a JSON format error) and may
/// quote a value of the request, for example a JSON parser echoing part of a payload. Every double-quoted span is
/// therefore replaced by <c>"…"</c>, control characters are dropped and the text is truncated.
/// </remarks>
internal static class QdrantErrorText
{
    public const int MaxLength = 300;

    public static string? Sanitize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxLength + 1));
        bool inQuote = false;
        foreach (char c in text)
        {
            if (builder.Length > MaxLength)
            {
                break;
            }

            if (c == '"')
            {
                builder.Append(inQuote ? "…\"" : "\"");
                inQuote = !inQuote;
                continue;
            }

            if (inQuote)
            {
                continue;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        if (inQuote)
        {
            builder.Append("…\"");
        }

        string result = builder.ToString().Trim();
        if (result.Length > MaxLength)
        {
            result = result[..MaxLength] + "…";
        }

        return result;
    }
}
