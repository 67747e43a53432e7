namespace Compliant.AI.Grounding.Internal;

/// <summary>Finds citation markers such as <c>[S1]</c>, <c>[S1, S3]</c> or <c>[s2]</c> in an answer.</summary>
internal static class CitationMarkers
{
    private const int MaxDigits = 4;

    public static List<CitationMarker> Find(string text)
    {
        var markers = new List<CitationMarker>();
        int i = text.IndexOf('[', StringComparison.Ordinal);
        while (i >= 0)
        {
            if (TryParseAt(text, i, out CitationMarker marker))
            {
                markers.Add(marker);
                i = text.IndexOf('[', marker.End);
            }
            else
            {
                i = text.IndexOf('[', i + 1);
            }
        }

        return markers;
    }

    private static bool TryParseAt(string text, int open, out CitationMarker marker)
    {
        marker = default;
        int j = SkipSpaces(text, open + 1);
        List<int>? numbers = null;
        while (true)
        {
            bool hasPrefix = j < text.Length && text[j] is 'S' or 's';
            if (hasPrefix)
            {
                j++;
            }
            else if (numbers is null)
            {
                return false;
            }

            int digitsStart = j;
            int value = 0;
            while (j < text.Length && char.IsAsciiDigit(text[j]) && j - digitsStart < MaxDigits)
            {
                value = (value * 10) + (text[j] - '0');
                j++;
            }

            if (j == digitsStart || (j < text.Length && char.IsAsciiDigit(text[j])))
            {
                return false;
            }

            (numbers ??= []).Add(value);
            j = SkipSpaces(text, j);
            if (j >= text.Length)
            {
                return false;
            }

            if (text[j] == ']')
            {
                marker = new CitationMarker(open, j + 1, numbers);
                return true;
            }

            if (text[j] is not (',' or ';'))
            {
                return false;
            }

            j = SkipSpaces(text, j + 1);
        }
    }

    private static int SkipSpaces(string text, int j)
    {
        while (j < text.Length && text[j] == ' ')
        {
            j++;
        }

        return j;
    }
}

/// <summary>A citation marker: its span and the source numbers it cites (1-based, as written).</summary>
internal readonly record struct CitationMarker(int Start, int End, IReadOnlyList<int> Numbers);
