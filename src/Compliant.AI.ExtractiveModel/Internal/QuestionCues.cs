using System.Text.RegularExpressions;

namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>Reads what kind of value a question asks for, and whether a sentence offers it.</summary>
internal static partial class QuestionCues
{
    /// <summary>The factor a sentence's score is multiplied by when it offers the kind of value asked for.</summary>
    public const double Boost = 1.6;

    public static QuestionCue Of(string question)
    {
        QuestionCue cue = QuestionCue.None;
        if (DurationQuestion().IsMatch(question))
        {
            cue |= QuestionCue.Duration;
        }

        if (CountQuestion().IsMatch(question))
        {
            cue |= QuestionCue.Count;
        }

        if (RoleQuestion().IsMatch(question))
        {
            cue |= QuestionCue.Role;
        }

        if (RecommendationQuestion().IsMatch(question))
        {
            cue |= QuestionCue.Recommendation;
        }

        if (RuleQuestion().IsMatch(question))
        {
            cue |= QuestionCue.Rule;
        }

        return cue;
    }

    public static bool Matches(QuestionCue cue, string sentence) =>
        ((cue & QuestionCue.Duration) != 0 && Duration().IsMatch(sentence)) ||
        ((cue & QuestionCue.Count) != 0 && Count().IsMatch(sentence)) ||
        ((cue & QuestionCue.Role) != 0 && Role().IsMatch(sentence)) ||
        ((cue & QuestionCue.Recommendation) != 0 && Recommendation().IsMatch(sentence)) ||
        ((cue & QuestionCue.Rule) != 0 && Rule().IsMatch(sentence));

    /// <summary>
    /// Returns the unit a "how many" question counts in ("how many days", "how many credit hours", "how many weeks of leave"):
    /// <c>minute</c>, <c>hour</c>, <c>day</c>, <c>week</c>, <c>month</c> or <c>year</c>; <see langword="null"/> when it names none.
    /// </summary>
    public static string? AskedUnit(string question)
    {
        Match match = UnitQuestion().Match(question);
        return match.Success ? match.Groups["unit"].Value.ToLowerInvariant() : null;
    }

    /// <summary>Returns whether <paramref name="sentence"/> states a number of <paramref name="unit"/>s ("240 annual leave hours", "three business days").</summary>
    public static bool OffersUnit(string unit, string sentence)
    {
        foreach (Match number in CountedValue().Matches(sentence))
        {
            if (string.Equals(number.Groups["unit"].Value, unit, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns whether the question asks for a measured value ("how long", "how many", "minimum"), which an answer must hold.</summary>
    public static bool AsksForMeasure(string question) => MeasureQuestion().IsMatch(question);

    /// <summary>Returns whether the question asks for a permission or an obligation ("Can I ...", "May we ...", "Must they ..."), which an answer must state.</summary>
    public static bool AsksPermission(string question) => PermissionQuestion().IsMatch(question);

    /// <summary>Returns whether the text states a rule: a modal (can, may, must), a requirement or a prohibition.</summary>
    public static bool StatesRule(string text) => Rule().IsMatch(text);

    /// <summary>Returns whether the text holds a measured value: a number, a number word or a duration word.</summary>
    /// <remarks>
    /// Section and paragraph references ("§ 164.404", "(a)(1)") are not values, nor is a number word that ends a compound
    /// ("a write-once archive").
    /// </remarks>
    public static bool HasMeasure(string text) => Measure().IsMatch(text) || Duration().IsMatch(text);

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"\bhow\s+(long|soon|quickly|fast|far\s+back|often|frequently)\b|\bwhen\b|\bdeadline\b|\bby\s+when\b|\bexpire|\btime\s*(frame|limit)\b|\bhow\s+much\s+(time|extra\s+time)\b|\bkept\b|\bkeep\b|\bretain", Options)]
    private static partial Regex DurationQuestion();

    [GeneratedRegex(@"\bhow\s+(long|many|much|often|soon|quickly|frequently|far\s+back)\b|\b(maximum|minimum|within\s+how|by\s+when|deadline)\b", Options)]
    private static partial Regex MeasureQuestion();

    [GeneratedRegex(@"(^|[.?!]\s+)(can|may|must)\b|\b(allowed|permitted)\b", Options)]
    private static partial Regex PermissionQuestion();

    [GeneratedRegex(@"(?<![(\d.,_<A-Za-z]|§\s?|§§\s?)\d[\d,]*(\.\d+)?(?![\d)])|(?<![A-Za-z]-)\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred|once|twice|half|forever|immediately|annually|daily|weekly|monthly|quarter|quarterly|yearly|every|each)\b", Options)]
    private static partial Regex Measure();

    [GeneratedRegex(@"\bhow\s+many\s+(?:[a-z]+\s+){0,2}?(?<unit>minute|hour|day|week|month|year)s?\b", Options)]
    private static partial Regex UnitQuestion();

    [GeneratedRegex(@"(?<![A-Za-z]-)\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty|ninety|hundred)\b(?:[\s-]+[A-Za-z]+){0,3}?[\s-]+(?<unit>minute|hour|day|week|month|year)s?\b", Options)]
    private static partial Regex CountedValue();

    [GeneratedRegex(@"\bhow\s+(many|much)\b|\bmaximum\b|\bminimum\b|\bmost\b|\blimit\b|\bnumber\s+of\b|\bcarry\s+over\b", Options)]
    private static partial Regex CountQuestion();

    [GeneratedRegex(@"^\s*who\b|\bwho\s+(is|has|should|must|do|does)\b|\bwhich\s+(office|team|person|official)\b|\b(email|e-mail|contact)\b.*\?$|^\s*where\s+do\s+i\s+send\b", Options)]
    private static partial Regex RoleQuestion();

    [GeneratedRegex(@"^\s*(which|what)\b.*\bshould\b|\brecommend", Options)]
    private static partial Regex RecommendationQuestion();

    [GeneratedRegex(@"^\s*(can|may|do|does|is|are|must|should|am)\b|\ballowed\b|\brequired\b|\bpermitted\b", Options)]
    private static partial Regex RuleQuestion();

    [GeneratedRegex(@"\b(\d+([.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|thirty|sixty|ninety)[\s-]+(calendar\s+|business\s+|work\s+|pay\s+)?(minute|hour|day|week|month|year|period)s?\b|\bforever\b|\bimmediately\b|\bannual(ly)?\b|\bevery\s+\w+day\b", Options)]
    private static partial Regex Duration();

    [GeneratedRegex(@"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|sixty|ninety|hundred)\b", Options)]
    private static partial Regex Count();

    [GeneratedRegex(@"\b(official|officer|supervisor|manager|team|office|director|lead|coordinator|specialist|administrator|desk|secretary|representative)\b|@|<EMAIL_ADDRESS_\d+>", Options)]
    private static partial Regex Role();

    [GeneratedRegex(@"\brecommend|\bshould\s+use\b|\buse\s+a\b|\bapproved\b", Options)]
    private static partial Regex Recommendation();

    [GeneratedRegex(@"\b(must|may|can|required|require|requires|prohibited|not|never|cannot|should|shall|allowed|permitted|only|entitled|eligible)\b", Options)]
    private static partial Regex Rule();
}
