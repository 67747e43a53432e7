using System.Text;

namespace Compliant.AI.PiiRedaction.Internal;

/// <summary>
/// Finds placeholder-like text (<c>&lt;TYPE_N&gt;</c>) in outgoing text that the vault did not issue for this text: a
/// placeholder typed by a user, planted in a retrieved passage or tool result, or left in a document de-identified elsewhere.
/// </summary>
/// <remarks>
/// Each such literal is renumbered through the vault as a value of its own (type <c>TYPE</c>, value the literal text), so
/// every placeholder the inner client sees was issued by the vault for exactly the text it replaces, and restoring one
/// yields that text again. A literal can therefore never be restored to another value (the user's e-mail address in an
/// attacker's URL, one person's name in another's record).
/// </remarks>
internal static class PlaceholderEscaper
{
    /// <summary>Finds the placeholder-like spans of <paramref name="text"/> that do not start at one of <paramref name="issuedStarts"/>.</summary>
    public static List<(int Start, int Length)>? FindLiterals(string text, List<int>? issuedStarts)
    {
        List<(int Start, int Length)>? found = null;
        int next = 0;
        int i = text.IndexOf('<', StringComparison.Ordinal);
        while (i >= 0)
        {
            if (PlaceholderSyntax.MatchAt(text, i, out int length) == PlaceholderSyntax.Match.Full)
            {
                if (!IsIssued(issuedStarts, i, ref next))
                {
                    (found ??= []).Add((i, length));
                }

                i += length;
            }
            else
            {
                i++;
            }

            i = i < text.Length ? text.IndexOf('<', i) : -1;
        }

        return found;
    }

    /// <summary>Gets the entity type of a placeholder-like literal: the text between <c>&lt;</c> and the last <c>_</c>.</summary>
    public static string TypeOf(string literal) => literal[1..literal.LastIndexOf('_')];

    /// <summary>Replaces the given spans (in order, not overlapping) with their replacements.</summary>
    public static string Replace(string text, List<(int Start, int Length)> spans, string[] replacements)
    {
        var sb = new StringBuilder(text.Length + (spans.Count * 4));
        int position = 0;
        for (int i = 0; i < spans.Count; i++)
        {
            sb.Append(text, position, spans[i].Start - position).Append(replacements[i]);
            position = spans[i].Start + spans[i].Length;
        }

        return sb.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>Renumbers every literal placeholder of <paramref name="text"/> through <paramref name="table"/> (synchronous form).</summary>
    public static string Escape(string text, List<int>? issuedStarts, PseudonymTable table, out int escaped)
    {
        List<(int Start, int Length)>? literals = FindLiterals(text, issuedStarts);
        escaped = literals?.Count ?? 0;
        if (literals is null)
        {
            return text;
        }

        var replacements = new string[literals.Count];
        for (int i = 0; i < literals.Count; i++)
        {
            string literal = text.Substring(literals[i].Start, literals[i].Length);
            replacements[i] = table.GetOrAdd(TypeOf(literal), literal);
        }

        return Replace(text, literals, replacements);
    }

    private static bool IsIssued(List<int>? issuedStarts, int position, ref int next)
    {
        if (issuedStarts is null)
        {
            return false;
        }

        while (next < issuedStarts.Count && issuedStarts[next] < position)
        {
            next++;
        }

        return next < issuedStarts.Count && issuedStarts[next] == position;
    }
}
