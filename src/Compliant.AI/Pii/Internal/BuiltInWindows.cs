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

    public static readonly MatchWindows Email = new RunWindows("@", D + U + L + "._%+-@");

    public static readonly MatchWindows UrlWithScheme = new SchemeWindows();

    public static readonly MatchWindows Domain = new DomainWindows();

    public static readonly MatchWindows IPv4 = new DigitSeparatorWindows(".", D + "./");

    public static readonly MatchWindows IPv6 = new RunWindows(":", D + "ABCDEFabcdef:.", counted: ":", minCounted: 2);

    public static readonly MatchWindows UsSsn = new RunWindows(D, D + " .-", minDigits: 9);

    public static readonly MatchWindows CreditCard = new RunWindows(D, D + " -", minDigits: 12);

    public static readonly MatchWindows Iban = new IbanWindows();

    public static readonly MatchWindows UkNhs = new RunWindows(D, D + " -", minDigits: 10);

    public static readonly MatchWindows Swift = new SwiftWindows();

    public static readonly MatchWindows UsPassport = new RunWindows(D, U + D, minDigits: 8);

    public static readonly MatchWindows UsDriverLicense = new RunWindows(D, U + D + " -", minDigits: 4);

    public static readonly MatchWindows UsBankNumber = new RunWindows(D, D, minDigits: 8);

    public static readonly MatchWindows NumericDate = new DigitSeparatorWindows("/.-", D + "/.-");

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

        protected override int NextTrigger(string text, int from)
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

        protected override int NextTrigger(string text, int from)
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

    /// <summary>IBANs start with two capital letters and two digits: the trigger is the first digit.</summary>
    private sealed class IbanWindows() : RunWindows(D, U + D + " ")
    {
        protected override bool Accept(string text, int index) =>
            index >= 2 && index + 1 < text.Length && char.IsAsciiLetterUpper(text[index - 2]) && char.IsAsciiLetterUpper(text[index - 1]) && char.IsAsciiDigit(text[index + 1]);
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

        protected override int NextTrigger(string text, int from)
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
