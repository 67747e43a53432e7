using System.Text;
using System.Text.RegularExpressions;
using Compliant.AI.Pii.Internal;

namespace Compliant.AI.Tests.Pii;

/// <summary>Each built-in expression scanned through its <see cref="MatchWindows"/> finds exactly the matches of a whole-text scan.</summary>
public class MatchWindowsTests
{
    private static readonly string[] Vocabulary =
    [
        "Maria", "Okafor", "JOHN", "Krisztián", "O'Brien", "Dr.", "of", "the", "born", "in", "DOB", "dob:", "year of birth", "d.o.b.", "b.", "SSN", "ssn:", "social security number",
        "ss#", "MRN:", "mrn", "member", "ID", "id", "is", "Acct#:", "account no.", "License", "No:", "ref.", "policy #", "case", "ins", "March", "Mar", "Sept", "SEPT", "MAY", "May", "June", "Monday",
        "3rd", "10th,", "'23", "1985", "2023", "1999", "2001", "3/14", "08/22", "03/04/1985", "3-4-85", "04.03.1985", "1985-03-04", "2023-04-25T10:00:00Z", "2005-07-21 18:19:22", "10:30", "3 pm",
        "10:30 a.m.", "12PM", "user@example.com", "a.b+c@d-e.co.uk", "@", "x@y", "http://a.b/c?d=1", "HTTPS://X.ORG", "www.example.org", "WWW.", "foo.com/path", "e.g.", "a.io", ".com", "uk", "10.0.0.1",
        "256.1.1.1", "1.2.3.4.5", "192.168.1.1/24", "fe80::1", "2001:db8::ff00:42:8329", "::", "cafe:beef::1", "12:34:56", "DE89", "3704", "0044", "0532", "0130", "00", "GB82WEST12345698765432",
        "DEUTDEFF", "DEUTDEFF500", "BOFAUS3N", "ABCDEF", "4111111111111111", "4111 1111 1111 1111", "5500-0000-0000-0004", "536-90-4399", "536 90 4399", "536.90.4399", "123456789", "A12345678",
        "D1234567", "AB1234567", "D123-456-78-901-2", "A123 4567 8901", "943 476 5919", "9434765919", "004417283991", "(212)", "555-0199", "+44", "x123", "ext.", "1", "12", "123", "1234", "12345",
        "1234567", "12345678", "123456789012345678901", ",", ".", ";", ":", "-", "/", "#", "=", "(", ")", "'", "\"", "<", ">", "_", "\n", "\t", "  ", "\u00A0", "é", "\u212A", "\u017F", "\u0130", "\u200D",
    ];

    public static TheoryData<string> Expressions => new(Pairs.Keys);

    private static Dictionary<string, (Regex Regex, MatchWindows Windows)> Pairs { get; } = new()
    {
        ["Email"] = (PiiRegexes.Email(), BuiltInWindows.Email),
        ["UrlWithScheme"] = (PiiRegexes.UrlWithScheme(), BuiltInWindows.UrlWithScheme),
        ["Domain"] = (PiiRegexes.Domain(), BuiltInWindows.Domain),
        ["IPv4"] = (PiiRegexes.IPv4(), BuiltInWindows.IPv4),
        ["UsSsn"] = (PiiRegexes.UsSsn(), BuiltInWindows.UsSsn),
        ["CreditCard"] = (PiiRegexes.CreditCard(), BuiltInWindows.CreditCard),
        ["Iban"] = (PiiRegexes.IbanCandidate(), BuiltInWindows.Iban),
        ["UkNhs"] = (PiiRegexes.UkNhs(), BuiltInWindows.UkNhs),
        ["Swift"] = (PiiRegexes.Swift(), BuiltInWindows.Swift),
        ["UsPassport"] = (PiiRegexes.UsPassport(), BuiltInWindows.UsPassport),
        ["UsDriverLicense"] = (PiiRegexes.UsDriverLicense(), BuiltInWindows.UsDriverLicense),
        ["UsBankNumber"] = (PiiRegexes.UsBankNumber(), BuiltInWindows.UsBankNumber),
        ["NumericDate"] = (DateRegexes.Numeric(), BuiltInWindows.NumericDate),
        ["ClockTime"] = (DateRegexes.Time(), BuiltInWindows.ClockTime),
        ["MonthDayYear"] = (DateRegexes.MonthDayYear(), BuiltInWindows.MonthDayYear),
        ["DayMonthYear"] = (DateRegexes.DayMonthYear(), BuiltInWindows.DayMonthYear),
        ["MonthYear"] = (DateRegexes.MonthYear(), BuiltInWindows.MonthYear),
    };

    /// <summary>Windows whose recognizer reports only some matches (enough digits, two colons, ...): compared on those only.</summary>
    private static Dictionary<string, (Regex Regex, MatchWindows Windows, Func<string, bool> Reported)> Filtered { get; } = new()
    {
        ["IPv6"] = (PiiRegexes.IPv6Candidate(), BuiltInWindows.IPv6, static v => v.TrimEnd('.').Count(c => c == ':') >= 2),
    };

    public static TheoryData<string> FilteredExpressions => new(Filtered.Keys);

    [Theory]
    [MemberData(nameof(Expressions))]
    public void Matches_RandomTexts_SameAsWholeTextScan(string name)
    {
        (Regex regex, MatchWindows windows) = Pairs[name];
        foreach (string text in Texts())
        {
            Assert.Equal(Describe(WholeText(regex, text)), Describe(windows.Matches(regex, text)));
        }
    }

    [Theory]
    [MemberData(nameof(FilteredExpressions))]
    public void Matches_RandomTexts_SameReportedMatchesAsWholeTextScan(string name)
    {
        (Regex regex, MatchWindows windows, Func<string, bool> reported) = Filtered[name];
        const string group = "0";
        foreach (string text in Texts())
        {
            Assert.Equal(
                Describe(WholeText(regex, text).Where(m => reported(m.Groups[group].Value))),
                Describe(windows.Matches(regex, text).Where(m => reported(m.Groups[group].Value))));
        }
    }

    [Fact]
    public void Find_LongDigitLine_OneWindow()
    {
        var windows = new List<(int Start, int Length)>();
        BuiltInWindows.UsBankNumber.Find(new string('7', 100_000), windows);
        Assert.Equal((0, 100_000), Assert.Single(windows));
    }

    [Fact]
    public void Find_WindowEdges_WidenedToNeutralCharacters()
    {
        const string text = "xMay 3, 1985 and_4111111111111111 ok";
        var windows = new List<(int Start, int Length)>();
        BuiltInWindows.CreditCard.Find(text, windows);
        (int start, int length) = Assert.Single(windows);
        Assert.Equal("and_4111111111111111 ok", text.Substring(start, length));
        Assert.Empty(BuiltInWindows.CreditCard.Matches(PiiRegexes.CreditCard(), text));
        Assert.Empty(BuiltInWindows.MonthDayYear.Matches(DateRegexes.MonthDayYear(), text));
    }

    private static IEnumerable<Match> WholeText(Regex regex, string text)
    {
        for (Match m = regex.Match(text); m.Success; m = m.NextMatch())
        {
            yield return m;
        }
    }

    private static List<string> Describe(IEnumerable<Match> matches) =>
        [.. matches.Select(static m => string.Join(';', m.Groups.Values.Select(static g => g.Success ? $"{g.Name}:{g.Index}+{g.Length}" : g.Name)))];

    private static IEnumerable<string> Texts()
    {
        var random = new Random(20261123);
        for (int k = 0; k < 1500; k++)
        {
            var sb = new StringBuilder();
            int words = random.Next(1, k % 10 == 0 ? 200 : 25);
            for (int i = 0; i < words; i++)
            {
                sb.Append(Vocabulary[random.Next(Vocabulary.Length)]);
                sb.Append(random.Next(6) switch { 0 => string.Empty, 1 => ", ", 2 => ". ", _ => " " });
            }

            yield return sb.ToString();
        }

        const string alphabet = "0123456789 -./:()+@#_abcefmptxyzABCFMPTXYZ\n\u00A0é'";
        for (int k = 0; k < 1500; k++)
        {
            char[] chars = new char[random.Next(1, 120)];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            yield return new string(chars);
        }
    }
}
