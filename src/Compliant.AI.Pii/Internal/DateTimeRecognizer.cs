using System.Text.RegularExpressions;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Dates and times: written ("March 3, 1985", "3 Mar 85", "Sept 10th, 2023"), numeric ("03/04/1985", "3-4-85"), ISO 8601,
/// month and year, clock times, weekdays, and years after a birth keyword. Ages ("34-year-old") and bare years are not dates.
/// </summary>
internal sealed class DateTimeRecognizer : PiiRecognizer
{
    private static readonly string[] Types = [PiiEntityTypes.DateTime];
    private static readonly string[] Context =
        ["date", "dob", "born", "birth", "birthday", "admitted", "admission", "discharged", "discharge", "seen", "visit", "visited", "dated", "appointment", "scheduled", "on", "since", "deceased", "died", "surgery", "at", "time", "until", "from"];

    public DateTimeRecognizer()
        : base("DateTimeRecognizer")
    {
    }

    public override IReadOnlyCollection<string> SupportedEntityTypes => Types;

    public override IReadOnlyList<string> ContextWords => Context;

    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken)
    {
        var results = new List<PiiEntity>();
        if (text.AsSpan().IndexOfAnyInRange('0', '9') >= 0)
        {
            Written(text, DateRegexes.MonthDayYear(), BuiltInWindows.MonthDayYear, "month_day_year", results);
            Written(text, DateRegexes.DayMonthYear(), BuiltInWindows.DayMonthYear, "day_month_year", results);
            cancellationToken.ThrowIfCancellationRequested();
            foreach (Match m in BuiltInWindows.MonthYear.Matches(DateRegexes.MonthYear(), text))
            {
                Add(results, m.Index, m.Length, 0.7, "month_year");
            }

            Numeric(text, results);
            cancellationToken.ThrowIfCancellationRequested();
            foreach (Match m in DateRegexes.Iso().Matches(text))
            {
                Add(results, m.Index, m.Length, 0.85, "iso8601");
            }

            foreach (Match m in BuiltInWindows.ClockTime.Matches(DateRegexes.Time(), text))
            {
                Add(results, m.Index, m.Length, m.Groups["ampm"].Success ? 0.6 : 0.4, "clock_time");
            }

            foreach (Match m in DateRegexes.BirthYear().Matches(text))
            {
                Group y = m.Groups["year"];
                Add(results, y.Index, y.Length, 0.8, "birth_year");
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        foreach (Match m in DateRegexes.Weekday().Matches(text))
        {
            Add(results, m.Index, m.Length, 0.45, "weekday");
        }

        return results;
    }

    private void Written(string text, Regex regex, MatchWindows windows, string pattern, List<PiiEntity> results)
    {
        foreach (Match m in windows.Matches(regex, text))
        {
            int day = int.Parse(m.Groups["day"].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture);
            if (day is < 1 or > 31)
            {
                continue;
            }

            Add(results, m.Index, m.Length, m.Groups["year"].Success ? 0.85 : 0.6, pattern);
        }
    }

    private void Numeric(string text, List<PiiEntity> results)
    {
        foreach (Match m in BuiltInWindows.NumericDate.Matches(DateRegexes.Numeric(), text))
        {
            int a = int.Parse(m.Groups["a"].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture);
            int b = int.Parse(m.Groups["b"].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture);
            char sep = m.Groups["sep"].ValueSpan[0];
            Group year = m.Groups["year"];
            if (year.Success)
            {
                bool valid = a >= 1 && b >= 1 && ((a <= 12 && b <= 31) || (a <= 31 && b <= 12));
                if (!valid)
                {
                    continue;
                }

                double score = year.Length == 4 ? (year.ValueSpan[0] is '1' or '2' ? 0.75 : 0.0) : sep == '.' ? 0.45 : 0.55;
                if (score > 0)
                {
                    Add(results, m.Index, m.Length, score, "numeric_date");
                }
            }
            else if (sep == '/' && a is >= 1 and <= 12)
            {
                // "08/22" (month/year) or "3/14" (month/day): ambiguous with ratios and scores, so weak without context.
                if (b is >= 1 and <= 31 || m.Groups["b"].Length == 2)
                {
                    Add(results, m.Index, m.Length, 0.3, "numeric_month_day");
                }
            }
        }
    }

    private void Add(List<PiiEntity> results, int start, int length, double score, string pattern) =>
        results.Add(Candidate.Create(PiiEntityTypes.DateTime, start, start + length, score, Name, pattern));
}
