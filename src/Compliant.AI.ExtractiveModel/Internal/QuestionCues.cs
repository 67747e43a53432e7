using System.Text.RegularExpressions;
using Compliant.AI.Text;

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
        ((cue & QuestionCue.Duration) != 0 && (Duration().IsMatch(sentence) || HasRedactedTime(sentence))) ||
        ((cue & QuestionCue.Count) != 0 && HasMeasure(sentence)) ||
        ((cue & QuestionCue.Role) != 0 && Role().IsMatch(sentence)) ||
        ((cue & QuestionCue.Recommendation) != 0 && Recommendation().IsMatch(sentence)) ||
        ((cue & QuestionCue.Rule) != 0 && Rule().IsMatch(sentence));

    /// <summary>
    /// Returns the unit a "how many" (or "the most / maximum / minimum") question counts in ("how many days", "how many
    /// credit hours", "how many weeks of leave", "the most comp time hours"):
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

    /// <summary>
    /// Returns whether the question asks for a measured value, which an answer must hold: "how long", "how many",
    /// "minimum"; an amount of money ("what is the penalty per violation", "the most TTS will pay for a fee",
    /// <see cref="AsksForMoney(string)"/>); an age ("at what age", <see cref="AsksForAge(string)"/>); or the most or least
    /// of a unit ("the most comp time hours", <see cref="AskedUnit(string)"/>).
    /// </summary>
    public static bool AsksForMeasure(string question) =>
        MeasureQuestion().IsMatch(question) || AsksForMoney(question) || AsksForAge(question) || AskedUnit(question) is not null;

    /// <summary>Returns the question without the time spans it names ("in one pay period", "a week", "per year"): they measure, they are no subject.</summary>
    public static string WithoutTimeSpans(string question) => Duration().Replace(question, " ");

    /// <summary>Returns whether the question asks for an age ("at what age", "how old", "the minimum age").</summary>
    public static bool AsksForAge(string question) => AgeQuestion().IsMatch(question);

    /// <summary>Returns whether the text states an age ("age 18", "aged 65", "over 89 years old", "under the age of 13").</summary>
    public static bool HasAge(string text) => Age().IsMatch(text);

    /// <summary>
    /// Returns what a "how many" question counts when it is not a unit of time: the noun it asks about ("how many Slack
    /// channels may I create" counts channels); <see langword="null"/> for "how many days" and for questions that count nothing.
    /// </summary>
    public static string? CountedNoun(string question)
    {
        if (AskedUnit(question) is not null)
        {
            return null;
        }

        Match match = NounQuestion().Match(question);
        return match.Success ? match.Groups["noun"].Value : null;
    }

    /// <summary>
    /// Returns whether <paramref name="text"/> counts <paramref name="noun"/>: a counting number followed within three words by
    /// the noun (or the policy word it folds onto): "up to 10 channels", "500 or more individuals" for "people". The count ends
    /// at "of": "two types of channels" counts types, not channels.
    /// </summary>
    public static bool CountsOf(string noun, string text)
    {
        HashSet<ulong> asked = PolicyVocabulary.Fold(TermAnalyzer.Terms(noun));
        if (asked.Count == 0)
        {
            return false;
        }

        foreach (Match count in CountedWords().Matches(text))
        {
            foreach (ulong term in TermAnalyzer.Terms(count.Groups["words"].Value))
            {
                if (asked.Contains(PolicyVocabulary.Fold(term)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Returns whether the question asks for a permission or an obligation ("Can I ...", "May we ...", "Must they ..."), which an answer must state.</summary>
    public static bool AsksPermission(string question) => PermissionQuestion().IsMatch(question);

    /// <summary>Returns whether the text states a rule: a modal (can, may, must), a requirement or a prohibition.</summary>
    public static bool StatesRule(string text) => Rule().IsMatch(text);

    /// <summary>
    /// Returns whether the text holds a measured value of any kind: a duration or a frequency ("60 calendar days",
    /// "once every three years", "annually"), an amount of money ("$10,000"), a percentage, or a count (a number with what
    /// it counts: "14 characters", "500 individuals").
    /// </summary>
    /// <remarks>
    /// A bare number or number word is not a value: section and paragraph references ("§ 164.404", "(a)(1)", "45 CFR"),
    /// "one or more", "each of", "every" and "once" (as in "Once confirmed, ...") are not what "how long/many/much" asks for.
    /// </remarks>
    public static bool HasMeasure(string text) => Duration().IsMatch(text) || Money().IsMatch(text) || Quantity().IsMatch(text) || Percent().IsMatch(text);

    /// <summary>
    /// Returns whether the text holds a redacted date or time: the redaction stage puts a placeholder
    /// (<c>&lt;DATE_TIME_1&gt;</c>) where a source had one, and restores it in the answer that quotes it. It answers a question
    /// asking for a time ("when", "by when", "what was the deadline"); it is no count ("how many days").
    /// </summary>
    public static bool HasRedactedTime(string text) => RedactedTime().IsMatch(text);

    /// <summary>
    /// Returns whether the text holds the kind of measured value <paramref name="question"/> asks for: an amount of money
    /// for "how much does it cost / how much money / what is the maximum fee", any measured value (<see cref="HasMeasure(string)"/>) otherwise.
    /// </summary>
    public static bool HasMeasure(string question, string text) => AsksForMoney(question) ? HasMoney(text) : HasMeasure(text);

    /// <summary>Returns whether the text holds an amount of money ("$10,000", "450 dollars").</summary>
    public static bool HasMoney(string text) => Money().IsMatch(text);

    /// <summary>
    /// Returns whether the question asks for an amount of money: a money word with "how much", a limit ("what is the maximum
    /// fee", "the most TTS will pay for a registration fee", "how large is the honorarium", "the largest bounty") or a rate
    /// ("the civil money penalty per violation").
    /// </summary>
    public static bool AsksForMoney(string question) =>
        MoneyQuestion().IsMatch(question) && MoneyWord().IsMatch(question) && !DurationQuestion().IsMatch(question);

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"\bhow\s+(long|soon|quickly|fast|far\s+back|often|frequently)\b|\bwhen\b|\bdeadline\b|\bby\s+when\b|\bexpire|\btime\s*(frame|limit)\b|\bhow\s+much\s+(time|extra\s+time)\b|\bkept\b|\bkeep\b|\bretain", Options)]
    private static partial Regex DurationQuestion();

    [GeneratedRegex(@"\bhow\s+(long|many|much|often|soon|quickly|frequently|far\s+back|large|big)\b|\b(maximum|minimum|within\s+how|by\s+when|deadline)\b", Options)]
    private static partial Regex MeasureQuestion();

    [GeneratedRegex(@"(^|[.?!]\s+)(can|may|must)\b|\b(allowed|permitted)\b", Options)]
    private static partial Regex PermissionQuestion();


    [GeneratedRegex(@"(?:\bhow\s+many|\bmost|\bmaximum|\bminimum)\s+(?:[a-z]+\s+){0,2}?(?<unit>minute|hour|day|week|month|year)s?\b", Options)]
    private static partial Regex UnitQuestion();

    [GeneratedRegex(@"(?<![A-Za-z]-)\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty|ninety|hundred)\b(?:[\s-]+[A-Za-z]+){0,3}?[\s-]+(?<unit>minute|hour|day|week|month|year)s?\b", Options)]
    private static partial Regex CountedValue();

    [GeneratedRegex(@"\bhow\s+(many|much)\b|\bmaximum\b|\bminimum\b|\bmost\b|\blimit\b|\bnumber\s+of\b|\bcarry\s+over\b", Options)]
    private static partial Regex CountQuestion();

    // "Who", "whose job", "whom" open the question or follow a clause ("After my supervisor approves it, who looks at it
    // next?"); "employees who telework" is a relative clause and asks for no one.
    [GeneratedRegex(@"^\s*who(?:se|m)?\b|(?:[,;:]|\band|\bthen)\s+who(?:se|m)?\b|\bwho\s+(is|has|should|must|do|does)\b|\bwhose\s+(?:job|role|responsibility|task|duty)\b|\bwhich\s+(office|team|person|official)\b|\b(email|e-mail|contact)\b.*\?$|^\s*where\s+do\s+i\s+send\b", Options)]
    private static partial Regex RoleQuestion();

    [GeneratedRegex(@"^\s*(which|what)\b.*\bshould\b|\brecommend", Options)]
    private static partial Regex RecommendationQuestion();

    [GeneratedRegex(@"^\s*(can|may|do|does|is|are|must|should|am)\b|\ballowed\b|\brequired\b|\bpermitted\b", Options)]
    private static partial Regex RuleQuestion();

    // A number: digits that are not part of a reference ("§ 164.404", "(a)(1)", "164.512", "<PHONE_1>"), or a number word.
    private const string Number = @"(?:(?<![(\d.,_<A-Za-z]|§\s?|§§\s?)\d[\d,]*(?:\.\d+)?(?![\d)]|\.\d)|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|a\s+dozen|a|an|half\s+an?)\b)";

    // A number that counts something: as Number, without "one" and "a/an" ("one or more", "one of", "a covered entity"),
    // unless a quantifier says it is the count ("only one", "at most one", "more than one").
    private const string CountingNumber = @"(?:(?<![(\d.,_<A-Za-z]|§\s?|§§\s?)\d[\d,]*(?:\.\d+)?(?![\d)]|\.\d)|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|a\s+dozen)\b|\b(?:only|exactly|single|at\s+(?:most|least)|more\s+than|up\s+to|no\s+more\s+than|limited\s+to|maximum\s+of|limit\s+of)\s+one\b)";

    private const string TimeUnit = @"(?:second|minute|hour|day|week|month|year|decade|quarter|pay\s+period|business\s+day|workday|calendar\s+day|semester)s?";

    /// <summary>
    /// A duration, a frequency or a point in time: a number with a time unit ("60 calendar days", "six years", "3-5 business
    /// days", "a 45-day window"), "annually", "every two weeks", "once a year", "every Wednesday", a clock time or a date.
    /// </summary>
    [GeneratedRegex(
        Number + @"(?:\s*(?:-|to|or)\s*" + Number + @")?[\s-]+(?:(?:calendar|business|working|work|pay|consecutive|full|additional|more|fewer)\s+)?" + TimeUnit + @"\b" +
        @"|\b(?:annually|biannually|biennially|semi-?annually|quarterly|monthly|weekly|daily|yearly|bi-?weekly|hourly|forever|immediately|indefinitely|permanently)\b" +
        @"|\b(?:annual|yearly|monthly|quarterly|weekly|daily)\s+basis\b" +
        @"|\b(?:once|twice|(?:" + Number + @")\s+times)\s+(?:a|an|per|each|every)\s+" + TimeUnit + @"\b" +
        @"|\b(?:every|each|per)\s+(?:other\s+)?(?:" + TimeUnit + @"|\w+day)\b" +
        @"|\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\b|p\.?m\b|AM\b|PM\b|noon\b)|\bnoon\b|\bmidnight\b" +
        @"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}\b",
        Options)]
    private static partial Regex Duration();

    [GeneratedRegex(@"<DATE_TIME_\d+>", RegexOptions.CultureInvariant)]
    private static partial Regex RedactedTime();

    /// <summary>An amount of money: a currency sign or code with a number, or a number with a money word.</summary>
    [GeneratedRegex(@"[$€£]\s?\d|\b(?:USD|US\$)\s?\d|\d[\d,]*(?:\.\d+)?\s*(?:k\s+)?(?:dollars?|cents?|USD)\b|\b(?:" + Number + @")\s+(?:hundred\s+|thousand\s+|million\s+)?dollars?\b", Options)]
    private static partial Regex Money();

    [GeneratedRegex(@"\d(?:\.\d+)?\s*(?:%|percent\b)|\b(?:" + Number + @")\s+percent\b", Options)]
    private static partial Regex Percent();

    /// <summary>
    /// A count: a counting number followed (after "or more", "or fewer" and an optional adjective) by a word that is not
    /// a function word ("14 characters", "500 or more individuals", "two factors"); "45 CFR" and "one or more" are not counts.
    /// </summary>
    [GeneratedRegex(CountingNumber + @"(?:\s+or\s+(?:more|fewer|less))?[\s-]+(?!(?:of|or|and|to|the|a|an|in|on|at|by|for|with|from|that|which|who|is|are|was|were|be|been|may|must|can|shall|should|will|would|has|have|had|this|these|those|it|its|as|if|than|then|through|under|CFR|U\.?S\.?C|FR|Stat|percent|dollars?)\b)[A-Za-z][A-Za-z'-]+", Options)]
    private static partial Regex Quantity();

    [GeneratedRegex(@"\b(?:how\s+much|how\s+large|how\s+big|how\s+high|maximum|minimum|max|min|most|least|limit|cap|per|largest|biggest|highest|lowest|smallest)\b", Options)]
    private static partial Regex MoneyQuestion();

    [GeneratedRegex(@"\b(?:money|cost|costs|price|prices|fee|fees|dollars?|reimburse\w*|bounty|bounties|reward|rewards|penalty|penalties|fines?|budget|spend|spent|salary|wages?|charge|charges|honorari(?:um|ums|a)|stipends?|allowances?|subsid(?:y|ies)|compensation)\b|\$", Options)]
    private static partial Regex MoneyWord();

    // Someone: a role, a team, whoever "is responsible for" it, an address. "Official" names someone only when no noun
    // follows it ("the privacy official must", "an official."): "official files", "official business" name no one.
    [GeneratedRegex(@"\bofficials?(?=\s*[,.;:)]|\s*$|\s+(?:is|are|must|shall|will|may|should|who|that|of|for|and|or|to|in|at|with)\b)|\b(officer|supervisor|manager|team|office|director|lead|coordinator|specialist|administrator|desk|secretary|representative)\b|\b(?:is|are)\s+responsible\s+for\b|\bin\s+charge\s+of\b|@|<EMAIL_ADDRESS_\d+>", Options)]
    private static partial Regex Role();

    [GeneratedRegex(@"\brecommend|\bshould\s+use\b|\buse\s+a\b|\bapproved\b", Options)]
    private static partial Regex Recommendation();

    [GeneratedRegex(@"\b(must|may|can|required|require|requires|prohibited|not|never|cannot|should|shall|allowed|permitted|only|entitled|eligible)\b", Options)]
    private static partial Regex Rule();

    [GeneratedRegex(@"\bwhat\s+age\b|\bhow\s+old\b|\b(?:minimum|maximum|legal)\s+age\b|\bage\s+(?:limit|requirement)s?\b", Options)]
    private static partial Regex AgeQuestion();

    /// <summary>An age: "age 18", "aged 65", "ages over 89", "under the age of 13", "89 years old", "65 years of age".</summary>
    [GeneratedRegex(@"\b(?:age[sd]?)\s+(?:(?:of|over|under|above|below)\s+)?\d{1,3}\b|\b\d{1,3}[\s-]+(?:years?|yrs?)[\s-]+(?:old|of\s+age)\b|\b(?:eighteen|twenty-one|sixteen|thirteen|twelve)[\s-]+years?[\s-]+(?:old|of\s+age)\b", Options)]
    private static partial Regex Age();

    /// <summary>"How many Slack channels may I create": the counted noun is the last word before a verb, pronoun or preposition.</summary>
    [GeneratedRegex(@"\bhow\s+many\s+(?:[a-z][a-z'-]*\s+){0,2}?(?<noun>[a-z][a-z'-]*)(?=\s+(?:am|are|is|was|were|do|does|did|can|could|should|must|may|might|will|would|have|has|had|i|we|you|they|it|he|she|of|per|in|on|at|a|an|the|to|for|before|after|within|that|which|who|are)\b|\s*[?,.]|\s*$)", Options)]
    private static partial Regex NounQuestion();

    /// <summary>A counting number and the three words after it ("up to 10 shared channels per team").</summary>
    [GeneratedRegex(CountingNumber + @"(?:\s+or\s+(?:more|fewer|less))?(?<words>(?:[\s-]+(?!of\b)[A-Za-z][A-Za-z'-]*){1,3})", Options)]
    private static partial Regex CountedWords();
}
