using System.Text.RegularExpressions;

namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>
/// Reads the kinds of answer a question asks for beyond the measured values of <see cref="QuestionCues"/>, and whether an
/// answer unit offers one: a clock time for "what time of day", a place for "which room", a postal address for "what
/// mailing address", a rate for "what hourly rate", a party to contact for "who do we call", a time before the event for
/// "how many days in advance" (not a time counted from it: "within five days of your return"). A unit on the question's
/// topic that offers none of the asked kind answers a neighbouring question: the model declines rather than quote it.
/// </summary>
internal static partial class AnswerKinds
{
    /// <summary>Returns the kinds of answer <paramref name="question"/> asks for; <see cref="AnswerKind.None"/> when it names none.</summary>
    public static AnswerKind Of(string question)
    {
        AnswerKind kind = AnswerKind.None;
        if (ClockTimeQuestion().IsMatch(question))
        {
            kind |= AnswerKind.ClockTime;
        }

        if (PostalAddressQuestion().IsMatch(question))
        {
            kind |= AnswerKind.PostalAddress;
        }
        else if (PlaceQuestion().Match(question) is { Success: true } place)
        {
            kind |= place.Groups["noun"].Value.Equals("room", StringComparison.OrdinalIgnoreCase) ? AnswerKind.Room : AnswerKind.Place;
        }

        if (RateQuestion().IsMatch(question))
        {
            kind |= AnswerKind.Rate;
        }

        if (ContactQuestion().IsMatch(question))
        {
            kind |= AnswerKind.Contact;
        }

        if (PhoneNumberQuestion().IsMatch(question))
        {
            kind |= AnswerKind.PhoneNumber;
        }

        if (LeadTimeQuestion().IsMatch(question))
        {
            kind |= AnswerKind.LeadTime;
        }

        if (SanctionQuestion().IsMatch(question))
        {
            kind |= AnswerKind.Sanction;
        }

        return kind;
    }

    /// <summary>
    /// Returns the unit a rate question asks the rate for: <c>hour</c> for "what hourly rate", <c>day</c> for "the per diem
    /// rate", <c>mile</c> for "the mileage rate", <c>week</c> for "the weekly rate"; <see langword="null"/> when it names none.
    /// </summary>
    public static string? RateUnit(string question)
    {
        Match match = RateUnitWord().Match(question);
        if (!match.Success)
        {
            return null;
        }

        string word = match.Value.ToLowerInvariant();
        return word.Contains("hour", StringComparison.Ordinal) ? "hour"
            : word.Contains("mile", StringComparison.Ordinal) ? "mile"
            : word.Contains("week", StringComparison.Ordinal) ? "week"
            : "day";
    }

    /// <summary>
    /// Returns whether <paramref name="text"/> offers every kind of answer in <paramref name="kind"/>; a rate must be for
    /// <paramref name="rateUnit"/> when the question names one ("$191,900 a year" is no hourly rate).
    /// </summary>
    public static bool Offers(AnswerKind kind, string text, string? rateUnit = null) =>
        ((kind & AnswerKind.ClockTime) == 0 || ClockTime().IsMatch(text)) &&
        ((kind & AnswerKind.PostalAddress) == 0 || PostalAddress().IsMatch(text)) &&
        ((kind & AnswerKind.Place) == 0 || Place().IsMatch(text) || PostalAddress().IsMatch(text)) &&
        ((kind & AnswerKind.Room) == 0 || Room().IsMatch(text) || PostalAddress().IsMatch(text)) &&
        ((kind & AnswerKind.Rate) == 0 || HasRate(text, rateUnit)) &&
        ((kind & AnswerKind.Contact) == 0 || Contact().IsMatch(text)) &&
        ((kind & AnswerKind.PhoneNumber) == 0 || PhoneNumber().IsMatch(text)) &&
        ((kind & AnswerKind.LeadTime) == 0 || Lead().IsMatch(text) || !AfterEvent().IsMatch(text)) &&
        ((kind & AnswerKind.Sanction) == 0 || Sanction().IsMatch(text));

    /// <summary>
    /// Returns whether the text states a rate: an amount of money for a unit ("$0.70 per mile", "$25 an hour"; for
    /// <paramref name="unit"/> when given), a percentage, or a multiple of a rate ("one and one-half times your basic rate",
    /// "time and a half").
    /// </summary>
    private static bool HasRate(string text, string? unit) =>
        MoneyPerUnit().Matches(text).Any(m => unit is null || m.Groups["unit"].Value.StartsWith(unit == "hour" ? "h" : unit, StringComparison.OrdinalIgnoreCase)
            || (unit == "day" && m.Groups["unit"].Value.StartsWith("night", StringComparison.OrdinalIgnoreCase)))
        || Percent().IsMatch(text) || Multiple().IsMatch(text);

    /// <summary>The word of a rate question that names its unit: "hourly", "per hour", "an hour", "per diem", "daily", "mileage", "per mile", "weekly".</summary>
    [GeneratedRegex(@"\bhourly\b|\b(?:per|an|a|each)\s+(?:hour|day|mile|week|night)\b|\bper\s+diem\b|\bdaily\b|\bmileage\b|\bweekly\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RateUnitWord();

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>"What time of day", "at what time", "what time does ... open": not "what time frame / limit / period / zone / off".</summary>
    [GeneratedRegex(@"\btime\s+of\s+(?:the\s+)?day\b|\bat\s+what\s+(?:time|hour)\b|\bwhat\s+(?:time|hour)\b(?!\s*(?:frame|limit|period|span|zone|off|line|sheet|card|of\s+(?:the\s+)?(?:year|month|week)))", Options)]
    private static partial Regex ClockTimeQuestion();

    /// <summary>A clock time or a part of the day: "10 AM", "14:30", "noon", "close of business", "in the morning".</summary>
    [GeneratedRegex(@"\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\b|p\.?m\b)|\b\d{1,2}:\d{2}\b|\bnoon\b|\bmidnight\b|\bo'clock\b|\bclose\s+of\s+business\b|\bend\s+of\s+(?:the\s+)?(?:business\s+|work(?:ing)?\s+)?day\b|\b(?:morning|afternoon|evening)s?\b|\bovernight\b", Options)]
    private static partial Regex ClockTime();

    /// <summary>"What mailing address", "which postal address", "the street address": a place to send post to.</summary>
    [GeneratedRegex(@"\b(?:mailing|postal|street|physical)\s+address(?:es)?\b", Options)]
    private static partial Regex PostalAddressQuestion();

    /// <summary>A postal address: a redacted location, a number and a street, a post office box, or a ZIP code.</summary>
    [GeneratedRegex(@"<LOCATION_\d+>|\b\d{1,5}\s+(?:[A-Z0-9][\w.]*\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Place|Pl|Court|Ct|Plaza|Parkway|Pkwy)\b\.?|\bP\.?\s?O\.?\s+Box\b|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex PostalAddress();

    /// <summary>
    /// "Which room", "what building", "which floor", "what address": a question for a place where something is (not "which
    /// office", a role; not "what email address").
    /// </summary>
    [GeneratedRegex(@"\b(?:which|what)\s+(?:[a-z]+\s+){0,2}?(?<noun>room|building|floor|suite|venue|street|(?<!(?:e-?mail|web|ip|mac)\s+)address)\b", Options)]
    private static partial Regex PlaceQuestion();

    /// <summary>A place: a redacted location, or a word for a room, a building or a site.</summary>
    [GeneratedRegex(@"<LOCATION_\d+>|\b(?:room|suite|floor|building|bldg|lobby|wing|street|avenue|campus|headquarters|facility|center|centre|venue|location|address)s?\b", Options)]
    private static partial Regex Place();

    /// <summary>A room: a number or a letter after "room" or "suite" ("room 1200", "Rm. 4N", "Suite B"), a redacted location.</summary>
    [GeneratedRegex(@"<LOCATION_\d+>|\b(?i:room|rm\.?|suite)\s*#?\d[\w-]*|\b(?i:room|suite)\s+[A-Z]\d*\b", RegexOptions.CultureInvariant)]
    private static partial Regex Room();

    /// <summary>"What hourly rate", "the mileage rate", "the per diem rate", "rate of pay", "how much per mile".</summary>
    [GeneratedRegex(@"\b(?:what|which)\s+(?:[a-z-]+\s+){0,4}?rates?\b|\brates?\s+(?:of\s+pay|per)\b|\b(?:hourly|daily|weekly)\s+(?:rate|pay|wage)s?\b|\bhow\s+much\s+(?:[a-z-]+\s+){0,5}?(?:per|an|a)\s+(?:hour|mile|day|night)\b", Options)]
    private static partial Regex RateQuestion();

    /// <summary>An amount of money for a unit: "$0.70 per mile", "$25 an hour", "50 dollars a day", "$68/day".</summary>
    [GeneratedRegex(@"(?:[$€£]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s*(?:dollars?|cents?))\s*(?:(?:per|an?|each|every)\s+|/\s*)(?:[a-z-]+\s+)?(?<unit>hour|hr|mile|day|night|week|month|year|person|trip|meal)s?\b", Options)]
    private static partial Regex MoneyPerUnit();

    [GeneratedRegex(@"\d(?:\.\d+)?\s*(?:%|percent\b)", Options)]
    private static partial Regex Percent();

    /// <summary>A multiple of a rate: "one and one-half times", "1.5 times", "double time", "time and a half".</summary>
    [GeneratedRegex(@"\b(?:one\s+and\s+(?:one[\s-])?half|\d(?:\.\d+)?|two|three|twice)\s+times\s+(?:the|your|their|his|her|an?)?\s*(?:[a-z-]+\s+){0,2}?(?:rate|pay|wage)s?\b|\btime\s+and\s+a\s+half\b|\bdouble\s+time\b", Options)]
    private static partial Regex Multiple();

    /// <summary>
    /// "Who do we call", "who at the agency should I contact", "whom should I email", "to whom do I report": an asking "who"
    /// (at the start, before a modal or "do", or before a place it narrows), not a relative one ("visitors who call").
    /// </summary>
    [GeneratedRegex(@"(?:(?:^|[.?!]\s+)who(?:m)?\b|\bwho(?:m)?\s+(?:(?:at|in|from|within)\s+[\w-]+\s+)?(?:do|does|did|should|can|could|must|would|will|may|shall)\b)[^.?!]*\b(?:call|phone|contact|reach|e-?mail|notify|talk\s+to|speak\s+(?:to|with)|get\s+in\s+touch)\b|\bto\s+whom\b", Options)]
    private static partial Regex ContactQuestion();

    /// <summary>
    /// Someone to reach: an e-mail address or a phone number (as written or redacted), a chat channel, a help desk, help line
    /// or point of contact, or a verb of contacting with the party it names ("contact TWN", "reach the verification
    /// service", "email the help desk", "notify the Secretary", "let your supervisor know").
    /// </summary>
    [GeneratedRegex(@"@|<(?:EMAIL_ADDRESS|PHONE_NUMBER|URL)_\d+>|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|(?<![\w&])#[a-z][\w-]+|(?i:\b(?:help\s*desk|help\s*line|hotline|point\s+of\s+contact|service\s+desk)\b)|\b(?i:contact|call|e-?mail|phone|notify|inform|tell|ask|reach(?:\s+out\s+to)?|talk\s+to|speak\s+(?:to|with)|report\s+(?:it\s+|them\s+|this\s+)?to|let)\s+(?:(?i:the|your|their|our|a|an)\s+[\w-]|[A-Z<])", RegexOptions.CultureInvariant)]
    private static partial Regex Contact();

    /// <summary>"What is the fax number", "which phone number do I call", "the toll-free number": a question for a telephone number.</summary>
    [GeneratedRegex(@"\b(?:phone|telephone|fax|toll[\s-]?free|hotline|help\s*line|contact)\s+numbers?\b|\bnumber\s+(?:do|should|can|could|would)\s+(?:i|we|you|they)\s+(?:call|dial|fax|text)\b", Options)]
    private static partial Regex PhoneNumberQuestion();

    /// <summary>A telephone number: redacted, or written with an area code ("800-367-5690", "(202) 555-0100", "1-800-555-0100").</summary>
    [GeneratedRegex(@"<PHONE_NUMBER_\d+>|(?:\b1[\s.-])?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b", Options)]
    private static partial Regex PhoneNumber();

    /// <summary>
    /// A question for a lead time: "how many days in advance", "how far ahead", "how early", "how much notice", "lead time",
    /// "how many days before leaving / before my last day", "how soon ... before".
    /// </summary>
    [GeneratedRegex(@"\bin\s+advance\b|\bahead\b|\bhow\s+early\b|\blead\s+time\b|\bhow\s+much\s+(?:advance\s+)?notice\b|\bhow\s+many\s+\w+(?:'s|')?\s+(?:of\s+)?notice\b|\bhow\s+(?:many|much)\s+(?:minutes|hours|days|weeks|months|years)\s+before\s+(?:\w+ing\b|(?:my|your|their|our|his|her|the)\b)|\bhow\s+soon\b[^?.!]*\bbefore\b", Options)]
    private static partial Regex LeadTimeQuestion();

    /// <summary>A time before the event: "in advance", "before", "prior to", "ahead", "early", "notice". A unit saying one is no near miss of a lead-time question.</summary>
    [GeneratedRegex(@"\b(?:before|beforehand|advance|ahead|prior\s+to|early|earlier|earliest|notice|lead\s+time|preceding)\b", Options)]
    private static partial Regex Lead();

    /// <summary>A time counted from an event: "within five days of your return", "30 days after receipt", "no later than 60 days following".</summary>
    [GeneratedRegex(@"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|sixty|ninety)\s+(?:calendar\s+|business\s+|working\s+)?(?:days?|weeks?|months?|years?)\s+(?:of|after|following|from)\b", Options)]
    private static partial Regex AfterEvent();

    /// <summary>
    /// A question for a sanction: a fine or a penalty named as a thing ("the fine for", "what penalty", "civil money penalty",
    /// "how much is the fine", "are there fines", "can I be fined"), a punishment or a sanction. "Is it fine to / if ..." and a
    /// compound ("fine-grained", "fine-tuned") are no fine.
    /// </summary>
    [GeneratedRegex(@"\b(?:penalty|penalties|sanctions?|punishments?|fined)\b|\b(?:the|a|what|which|any|maximum|max|minimum|civil|criminal|money|monetary|largest|biggest|highest)\s+(?:[a-z-]+\s+){0,2}?fines?\b(?!-)|\bfines\b(?!-)|\bfine\s+(?:per|of)\b", Options)]
    private static partial Regex SanctionQuestion();

    /// <summary>A sanction stated: a penalty, a fine, a sanction, discipline, a punishment, imprisonment, a reprimand, suspension or removal.</summary>
    [GeneratedRegex(@"\b(?:penalt(?:y|ies)|fine[sd]?\b(?!\s+(?:to|if|for\s+you))|sanction\w*|disciplin\w*|punish\w*|imprison\w*|reprimand\w*|suspension|suspended|removal|remove[ds]?\s+from\s+(?:federal\s+)?service|dismiss\w*|terminat\w*\s+(?:of\s+)?(?:your\s+|their\s+)?employment)", Options)]
    private static partial Regex Sanction();
}
