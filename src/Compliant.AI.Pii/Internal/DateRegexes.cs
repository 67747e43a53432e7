using System.Text.RegularExpressions;

namespace Compliant.AI.Pii.Internal;

/// <summary>Date and time expressions: source-generated, bounded work per start position (see <see cref="PiiRegexes"/>).</summary>
internal static partial class DateRegexes
{
    private const RegexOptions Opt = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    /// <summary>"March 3, 1985", "Sept 10th, 2023", "Nov 11th '23", "May 30" (year optional).</summary>
    [GeneratedRegex(@"\b(?<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)\.? {1,2}(?<day>[0-9]{1,2})(st|nd|rd|th)?\b(,? {1,2}(?<year>'[0-9]{2}|[12][0-9]{3}|[0-9]{2})\b)?", Opt)]
    public static partial Regex MonthDayYear();

    /// <summary>"3 Mar 85", "3rd of March, 1985", "12 June" (year optional).</summary>
    [GeneratedRegex(@"\b(?<day>[0-9]{1,2})(st|nd|rd|th)? {1,2}(of {1,2})?(?<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)\.?(,? {1,2}(?<year>'[0-9]{2}|[12][0-9]{3}|[0-9]{2})\b)?", Opt)]
    public static partial Regex DayMonthYear();

    /// <summary>"March 1985", "Feb. 2023".</summary>
    [GeneratedRegex(@"\b(?<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)\.?,? {1,2}(of {1,2})?(?<year>[12][0-9]{3})\b", Opt)]
    public static partial Regex MonthYear();

    /// <summary>"03/04/1985", "3-4-85", "04.03.1985"; "08/22" (month/year).</summary>
    [GeneratedRegex(@"\b(?<a>[0-9]{1,2})(?<sep>[/.\-])(?<b>[0-9]{1,2})([/.\-](?<year>[0-9]{4}|[0-9]{2}))?\b", Opt)]
    public static partial Regex Numeric();

    /// <summary>ISO 8601 dates and timestamps: "1985-03-04", "2005-07-21 18:19:22", "2023-04-25T10:00:00Z"; also "1985/03/04".</summary>
    [GeneratedRegex(@"\b[12][0-9]{3}[\-/](0?[1-9]|1[0-2])[\-/](0?[1-9]|[12][0-9]|3[01])([T ][0-2][0-9]:[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?(Z|[+\-][0-2][0-9]:?[0-5][0-9])?)?\b", Opt)]
    public static partial Regex Iso();

    /// <summary>Clock times: "10:30", "10:30:15", "3 pm", "10:30 a.m.".</summary>
    [GeneratedRegex(@"\b([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?( ?(?<ampm>[AaPp]\.?[Mm]\b\.?))?|\b(1[0-2]|0?[1-9]) ?(?<ampm>[AaPp]\.?[Mm]\b\.?)", Opt)]
    public static partial Regex Time();

    /// <summary>Days of the week.</summary>
    [GeneratedRegex(@"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)\b", Opt)]
    public static partial Regex Weekday();

    /// <summary>A year after a birth keyword: "born in 1985", "DOB 1985", "year of birth: 1985".</summary>
    [GeneratedRegex(@"\b(born|birth ?year|year of birth|dob|d\.o\.b\.?|b\.)( in)?:? {0,2}(?<year>(19|20)[0-9]{2})\b", Opt | RegexOptions.IgnoreCase)]
    public static partial Regex BirthYear();
}
