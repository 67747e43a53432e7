namespace Compliant.AI.Pii.Internal;

/// <summary>The maximal runs of ASCII digits of a text, in order.</summary>
internal sealed class DigitRuns
{
    private readonly List<int> _starts;
    private readonly List<int> _ends;

    private DigitRuns(List<int> starts, List<int> ends)
    {
        _starts = starts;
        _ends = ends;
    }

    public int Count => _starts.Count;

    public static DigitRuns Scan(string text)
    {
        var starts = new List<int>();
        var ends = new List<int>();
        ReadOnlySpan<char> span = text;
        int i = span.IndexOfAnyInRange('0', '9');
        while (i >= 0)
        {
            int end = i + 1;
            while (end < span.Length && char.IsAsciiDigit(span[end]))
            {
                end++;
            }

            starts.Add(i);
            ends.Add(end);
            int next = end < span.Length ? span[end..].IndexOfAnyInRange('0', '9') : -1;
            i = next < 0 ? -1 : end + next;
        }

        return new DigitRuns(starts, ends);
    }

    public int Start(int index) => _starts[index];

    public int End(int index) => _ends[index];
}
