using System.Buffers;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// The <see cref="MatchWindows"/> of the built-in expressions (<see cref="PiiRegexes"/>, <see cref="DateRegexes"/>).
/// Each one's character set is every ASCII character its expression can match (case-insensitive expressions also
/// allow any non-ASCII character); a change to an expression must be mirrored here.
/// </summary>
internal static class BuiltInWindows
{
    private const string D = RunWindows.Digits;
    private const string U = RunWindows.Upper;
    private const string L = RunWindows.Lower;

    public static readonly MatchWindows Email = new RunWindows("@", D + U + L + "._%+-@") { LongWindowsNonBacktracking = true };

    public static readonly MatchWindows UrlWithScheme = new SchemeWindows();

    public static readonly MatchWindows Domain = new DomainWindows() { LongWindowsNonBacktracking = true };

    public static readonly MatchWindows IPv4 = new DigitSeparatorWindows(".", D + "./");

    public static readonly MatchWindows IPv6 = new RunWindows(":", D + "ABCDEFabcdef:.", counted: ":", minCounted: 2);

    /// <summary>SSNs: nine digits, the last four (or all nine) in one run.</summary>
    public static readonly MatchWindows UsSsn = new DigitRunWindows(D + " .-", minDigits: 9, minRun: 4);

    public static readonly MatchWindows CreditCard = new DigitRunWindows(D + " -", minDigits: 12, minRun: 1);

    public static readonly MatchWindows Iban = new IbanWindows();

    /// <summary>NHS numbers: ten digits, the last four (or all ten) in one run.</summary>
    public static readonly MatchWindows UkNhs = new DigitRunWindows(D + " -", minDigits: 10, minRun: 4);

    public static readonly MatchWindows Swift = new SwiftWindows();

    /// <summary>Passport numbers: eight or nine digits in one run.</summary>
    public static readonly MatchWindows UsPassport = new DigitRunWindows(U + D, minDigits: 8, minRun: 8);

    /// <summary>Driver's licenses: every state format has four digits or more, with a run of three or more.</summary>
    public static readonly MatchWindows UsDriverLicense = new DigitRunWindows(U + D + " -", minDigits: 4, minRun: 3);

    public static readonly MatchWindows UsBankNumber = new DigitRunWindows(D, minDigits: 8, minRun: 8);

    public static readonly MatchWindows NumericDate = new DigitSeparatorWindows("/.-", D + "/.-");

    /// <summary>Clock times: a digit, ':' and a digit ("10:30"), or a digit, an optional space and a.m./p.m. ("3 pm").</summary>
    public static readonly MatchWindows ClockTime = new ClockTimeWindows();

    /// <summary>Month (9) + "." + 2 spaces + day (2) + suffix (2) + "," + 2 spaces + year (4), from the month.</summary>
    public static readonly MatchWindows MonthDayYear = new MonthWindows(0, 23);

    /// <summary>Day (2) + suffix (2) + 2 spaces + "of" + 2 spaces before the month; month (9) + "." + "," + 2 spaces + year (4) from it.</summary>
    public static readonly MatchWindows DayMonthYear = new MonthWindows(10, 17);

    /// <summary>Month (9) + "." + "," + 2 spaces + "of" + 2 spaces + year (4), from the month.</summary>
    public static readonly MatchWindows MonthYear = new MonthWindows(0, 21);

    /// <summary>URLs with a scheme: every match holds "://" or "www." and no white space, '&lt;', '&gt;', quotes, braces, '|', '\', '^' or brackets.</summary>
    private sealed class SchemeWindows : TokenWindows
    {
        private static readonly SearchValues<string> Markers = SearchValues.Create(["://", "www."], StringComparison.OrdinalIgnoreCase);

        public SchemeWindows()
            : base(" \t\n\v\f\r<>\"'`{}|\\^[]")
        {
        }

        protected override int NextTrigger(string text, int from, ref TriggerCursor cursor)
        {
            int i = text.AsSpan(from).IndexOfAny(Markers);
            return i < 0 ? -1 : from + i;
        }
    }

    /// <summary>Domain names: every match holds '.' between a label character and the top-level domain's first letter, and no white space, '&lt;', '&gt;' or quotes.</summary>
    private sealed class DomainWindows : TokenWindows
    {
        public DomainWindows()
            : base(" \t\n\v\f\r<>\"'")
        {
        }

        protected override int NextTrigger(string text, int from, ref TriggerCursor cursor)
        {
            while (from < text.Length)
            {
                int i = text.AsSpan(from).IndexOf('.');
                if (i < 0)
                {
                    return -1;
                }

                i += from;
                if (i > 0 && i + 1 < text.Length && (char.IsAsciiLetterOrDigit(text[i - 1]) || text[i - 1] >= 128) && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] >= 128))
                {
                    return i;
                }

                from = i + 1;
            }

            return -1;
        }
    }

    /// <summary>A separator with a digit on each side ("10.0", "03/04").</summary>
    private sealed class DigitSeparatorWindows(string separators, string run) : RunWindows(separators, run)
    {
        protected override bool Accept(string text, int index) =>
            index > 0 && index + 1 < text.Length && char.IsAsciiDigit(text[index - 1]) && char.IsAsciiDigit(text[index + 1]);
    }

    private sealed class ClockTimeWindows() : RunWindows(":AaPp", D + ": AaPpMm.")
    {
        protected override bool Accept(string text, int index)
        {
            bool digitBefore = index > 0 && char.IsAsciiDigit(text[index - 1]);
            if (text[index] == ':')
            {
                return digitBefore && index + 1 < text.Length && char.IsAsciiDigit(text[index + 1]);
            }

            return digitBefore || (index > 1 && text[index - 1] == ' ' && char.IsAsciiDigit(text[index - 2]));
        }
    }

    /// <summary>IBANs start with two capital letters and two digits: the trigger is the first digit.</summary>
    private sealed class IbanWindows() : DigitRunWindows(U + D + " ", minDigits: 0, minRun: 2)
    {
        protected override bool Accept(string text, int index) =>
            index >= 2 && index + 1 < text.Length && char.IsAsciiLetterUpper(text[index - 2]) && char.IsAsciiLetterUpper(text[index - 1]) && char.IsAsciiDigit(text[index + 1]);
    }

    /// <summary>Windows triggered by the runs of at least <paramref name="minRun"/> digits (shared by the recognizers of one detection).</summary>
    private class DigitRunWindows(string run, int minDigits, int minRun) : RunWindows(D, run, minDigits: minDigits)
    {
        protected override int NextTrigger(string text, int from, ref TriggerCursor cursor)
        {
            DigitRuns runs = cursor.Runs ??= ScanCache.Digits(text);
            int k = cursor.Index;
            while (k < runs.Count && runs.End(k) <= from)
            {
                k++;
            }

            for (; k < runs.Count; k++)
            {
                int start = Math.Max(runs.Start(k), from);
                if (runs.End(k) - runs.Start(k) >= minRun && Accept(text, start))
                {
                    cursor.Index = k + 1;
                    return start;
                }
            }

            cursor.Index = k;
            return -1;
        }
    }

    /// <summary>SWIFT/BIC codes start with six capital letters.</summary>
    private sealed class SwiftWindows() : RunWindows(U, U + D)
    {
        protected override bool Accept(string text, int index)
        {
            if (index + 6 > text.Length)
            {
                return false;
            }

            for (int k = 1; k < 6; k++)
            {
                if (!char.IsAsciiLetterUpper(text[index + k]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Month names and abbreviations as the date expressions spell them (title case or upper case): the trigger is the month's first letter.</summary>
    private sealed class MonthWindows(int before, int after) : BoundedWindows(before, after)
    {
        private static readonly SearchValues<char> Initials = SearchValues.Create("JFMASOND");

        protected override int NextTrigger(string text, int from, ref TriggerCursor cursor)
        {
            while (from < text.Length)
            {
                int i = text.AsSpan(from).IndexOfAny(Initials);
                if (i < 0)
                {
                    return -1;
                }

                i += from;
                if (i + 3 <= text.Length && IsMonthPrefix(text.AsSpan(i, 3)))
                {
                    return i;
                }

                from = i + 1;
            }

            return -1;
        }

        private static bool IsMonthPrefix(ReadOnlySpan<char> p) => p switch
        {
            "Jan" or "Feb" or "Mar" or "Apr" or "May" or "Jun" or "Jul" or "Aug" or "Sep" or "Oct" or "Nov" or "Dec" => true,
            "JAN" or "FEB" or "MAR" or "APR" or "MAY" or "JUN" or "JUL" or "AUG" or "SEP" or "OCT" or "NOV" or "DEC" => true,
            _ => false,
        };
    }
}
