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

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"\bhow\s+(long|soon|quickly|fast|far\s+back|often|frequently)\b|\bwhen\b|\bdeadline\b|\bby\s+when\b|\bexpire|\btime\s*(frame|limit)\b|\bhow\s+much\s+(time|extra\s+time)\b|\bkept\b|\bkeep\b|\bretain", Options)]
    private static partial Regex DurationQuestion();

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

    [GeneratedRegex(@"\b(official|officer|supervisor|manager|team|office|director|lead|coordinator|specialist|administrator|desk|secretary|representative)\b|@", Options)]
    private static partial Regex Role();

    [GeneratedRegex(@"\brecommend|\bshould\s+use\b|\buse\s+a\b|\bapproved\b", Options)]
    private static partial Regex Recommendation();

    [GeneratedRegex(@"\b(must|may|required|require|prohibited|not|never|cannot|should|allowed|only)\b", Options)]
    private static partial Regex Rule();
}
