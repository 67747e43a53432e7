using System.Buffers;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Restricts a whole-text regular-expression scan to the few stretches of the text where a match can occur, with the
/// same matches as the whole-text scan.
/// </summary>
/// <remarks>
/// <para>
/// A subclass names the expression's <em>triggers</em> (characters every match contains, such as a digit or '@') and,
/// for each trigger, a <em>raw window</em> that contains every match containing it (the run of characters the
/// expression can match around the trigger, or a bounded distance when matches have a bounded length). Windows are
/// widened to cut points whose outer neighbour is an ASCII character that is not a word character (or the end of the
/// text), so <c>\b</c> at a window edge means what it means in the whole text, then merged when they touch.
/// </para>
/// <para>
/// Why the matches are the same: every match lies inside one window, so no match starts between windows or spans two,
/// and the scan that resumes after a window's last match finds the first match of the next window. Inside a window
/// the candidate matches at each position are the whole-text ones, because the edges are neutral for <c>\b</c> (the
/// only look-around the built-in expressions use) and no match reaches past a window. Expressions must not match the
/// empty string.
/// </para>
/// <para>Linear: each character is visited a bounded number of times while finding, widening and merging windows.</para>
/// </remarks>
internal abstract class MatchWindows
{

    /// <summary>
    /// The longest window scanned with a backtracking expression whose work per start position is not bounded
    /// (<see cref="LongWindowsNonBacktracking"/>): such an expression may retry every start of a long run, which is
    /// quadratic in the window, so it is bounded by this length times the text's length.
    /// </summary>
    public const int MaxBacktrackingWindow = 1024;

    private static readonly ConcurrentDictionary<Regex, Regex> NonBacktrackingForms = new();

    /// <summary>
    /// Gets a value indicating whether a window longer than <see cref="MaxBacktrackingWindow"/> is scanned with the
    /// expression's <see cref="RegexOptions.NonBacktracking"/> form (same pattern, same matches, linear time; built on
    /// first need), for expressions that cannot bound their work per start position.
    /// </summary>
    public bool LongWindowsNonBacktracking { get; init; }

    /// <summary>Enumerates the matches of <paramref name="regex"/> in <paramref name="text"/> found inside the windows.</summary>
    public IEnumerable<Match> Matches(Regex regex, string text)
    {
        var windows = new List<(int Start, int Length)>();
        Find(text, windows);
        foreach ((int start, int length) in windows)
        {
            Regex engine = LongWindowsNonBacktracking && length > MaxBacktrackingWindow ? NonBacktrackingForm(regex) : regex;
            for (Match m = engine.Match(text, start, length); m.Success; m = m.NextMatch())
            {
                yield return m;
            }
        }
    }

    /// <summary>The <see cref="RegexOptions.NonBacktracking"/> form of <paramref name="regex"/>, built once per expression.</summary>
    internal static Regex NonBacktrackingForm(Regex regex) =>
        NonBacktrackingForms.GetOrAdd(regex, static r => new Regex(r.ToString(), r.Options | RegexOptions.NonBacktracking));

    /// <summary>Fills <paramref name="windows"/> with disjoint, ordered stretches of <paramref name="text"/> that hold every match.</summary>
    public void Find(string text, List<(int Start, int Length)> windows)
    {
        int currentStart = -1, currentEnd = -1;
        int from = 0;
        var cursor = default(TriggerCursor);
        while (from < text.Length)
        {
            int trigger = NextTrigger(text, from, ref cursor);
            if (trigger < 0)
            {
                break;
            }

            (int start, int end, int resume) = Window(text, trigger);
            from = Math.Max(resume, trigger + 1);
            if (end <= start)
            {
                continue;
            }

            start = Math.Max(0, start);
            end = Math.Min(text.Length, end);
            if (currentStart >= 0 && start <= currentEnd)
            {
                if (end > currentEnd)
                {
                    currentEnd = SnapEnd(text, end);
                }
            }
            else
            {
                start = SnapStart(text, start, Math.Max(0, currentEnd));
                if (currentStart >= 0 && start <= currentEnd)
                {
                    currentEnd = Math.Max(currentEnd, SnapEnd(text, Math.Max(end, currentEnd)));
                }
                else
                {
                    Flush(text, currentStart, currentEnd, windows);
                    currentStart = start;
                    currentEnd = SnapEnd(text, end);
                }
            }
        }

        Flush(text, currentStart, currentEnd, windows);
    }

    /// <summary>The first trigger at or after <paramref name="from"/>, or -1; <paramref name="cursor"/> carries state between the calls of one <see cref="Find"/>.</summary>
    protected abstract int NextTrigger(string text, int from, ref TriggerCursor cursor);

    /// <summary>The raw window around <paramref name="trigger"/> (end exclusive; empty when it cannot hold a match worth reporting), and where to look for the next trigger.</summary>
    protected abstract (int Start, int End, int Resume) Window(string text, int trigger);

    /// <summary>Whether a window can hold a match worth reporting (for example, enough digits); the default is <see langword="true"/>.</summary>
    protected virtual bool Qualifies(ReadOnlySpan<char> window) => true;

    /// <summary>An ASCII character that is not a regular-expression word character: a cut before or after it leaves <c>\b</c> unchanged.</summary>
    private static bool IsNeutral(char c) => c < 128 && !char.IsAsciiLetterOrDigit(c) && c != '_';

    private static int SnapStart(string text, int start, int limit)
    {
        while (start > limit && !IsNeutral(text[start - 1]))
        {
            start--;
        }

        return start;
    }

    private static int SnapEnd(string text, int end)
    {
        while (end < text.Length && !IsNeutral(text[end]))
        {
            end++;
        }

        return end;
    }

    private void Flush(string text, int start, int end, List<(int Start, int Length)> windows)
    {
        if (start >= 0 && end > start && Qualifies(text.AsSpan(start, end - start)))
        {
            windows.Add((start, end - start));
        }
    }
}

/// <summary>Windows that are the maximal runs of the characters an expression can match, around each trigger.</summary>
internal class RunWindows : MatchWindows
{
    private readonly SearchValues<char> _triggers;
    private readonly bool[] _run = new bool[128];
    private readonly bool _nonAsciiInRun;
    private readonly int _minDigits;
    private readonly SearchValues<char>? _counted;
    private readonly int _minCounted;

    /// <param name="triggers">Characters every match contains.</param>
    /// <param name="run">Every ASCII character a match can contain.</param>
    /// <param name="nonAsciiInRun">Whether non-ASCII characters may be part of a match (case-insensitive expressions).</param>
    /// <param name="minDigits">The fewest ASCII digits a window needs to hold a match worth reporting.</param>
    /// <param name="counted">Characters of which a window needs at least <paramref name="minCounted"/>.</param>
    /// <param name="minCounted">See <paramref name="counted"/>.</param>
    public RunWindows(string triggers, string run, bool nonAsciiInRun = false, int minDigits = 0, string? counted = null, int minCounted = 0)
    {
        _triggers = SearchValues.Create(triggers);
        foreach (char c in run)
        {
            _run[c] = true;
        }
        _nonAsciiInRun = nonAsciiInRun;
        _minDigits = minDigits;
        _counted = counted is null ? null : SearchValues.Create(counted);
        _minCounted = minCounted;
    }

    public const string Digits = "0123456789";
    public const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public const string Lower = "abcdefghijklmnopqrstuvwxyz";

    protected override int NextTrigger(string text, int from, ref TriggerCursor cursor)
    {
        while (from < text.Length)
        {
            int i = text.AsSpan(from).IndexOfAny(_triggers);
            if (i < 0)
            {
                return -1;
            }

            i += from;
            if (Accept(text, i))
            {
                return i;
            }

            from = i + 1;
        }

        return -1;
    }

    /// <summary>A further test of a trigger candidate; the default accepts it.</summary>
    protected virtual bool Accept(string text, int index) => true;

    protected override (int Start, int End, int Resume) Window(string text, int trigger)
    {
        int start = trigger;
        while (start > 0 && InRun(text[start - 1]))
        {
            start--;
        }

        int end = trigger + 1;
        while (end < text.Length && InRun(text[end]))
        {
            end++;
        }

        // Every match lies inside one run, so a run that cannot hold a match worth reporting is dropped.
        return Holds(text.AsSpan(start, end - start)) ? (start, end, end) : (end, end, end);
    }

    private bool Holds(ReadOnlySpan<char> window)
    {
        int digits = 0, counted = 0;
        foreach (char c in window)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
            counted += _counted is not null && _counted.Contains(c) ? 1 : 0;
        }

        return digits >= _minDigits && counted >= _minCounted;
    }

    private bool InRun(char c) => c < 128 ? _run[c] : _nonAsciiInRun;
}

/// <summary>Windows of a bounded distance around each trigger, for expressions whose matches have a bounded length.</summary>
internal abstract class BoundedWindows(int before, int after) : MatchWindows
{
    protected override (int Start, int End, int Resume) Window(string text, int trigger) =>
        (trigger - before, trigger + after, trigger + 1);
}

/// <summary>Windows that are the maximal runs of characters other than a few ASCII stop characters, around each trigger.</summary>
internal abstract class TokenWindows(string stops) : MatchWindows
{
    private readonly SearchValues<char> _stops = SearchValues.Create(stops);

    protected override (int Start, int End, int Resume) Window(string text, int trigger)
    {
        int start = trigger;
        while (start > 0 && !_stops.Contains(text[start - 1]))
        {
            start--;
        }

        int end = trigger + 1;
        while (end < text.Length && !_stops.Contains(text[end]))
        {
            end++;
        }

        return (start, end, end);
    }
}

/// <summary>State a <see cref="MatchWindows"/> keeps while finding the windows of one text.</summary>
internal struct TriggerCursor
{
    /// <summary>The digit runs of the text, when the triggers come from them.</summary>
    public DigitRuns? Runs;

    /// <summary>The next digit run to consider.</summary>
    public int Index;
}
