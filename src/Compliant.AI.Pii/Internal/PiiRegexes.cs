using System.Text.RegularExpressions;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// The built-in recognizers' expressions, source-generated (no construction at run time).
/// </summary>
/// <remarks>
/// They use the backtracking engine, so each one is written to do a bounded amount of work at each start position
/// (bounded loops, or an unbounded loop of a class the next token cannot match, which the generator makes atomic),
/// hence time linear in the input; <c>BuiltInExpressionsTests</c> checks this on adversarial inputs and checks that each
/// finds exactly the matches of the same pattern under <see cref="RegexOptions.NonBacktracking"/>. Two cannot bound it
/// (<see cref="Email"/>'s local part and <see cref="Domain"/>'s labels may be long, and every start inside them is
/// retried): their match windows switch to the non-backtracking form above
/// <see cref="MatchWindows.MaxBacktrackingWindow"/> characters (see <see cref="MatchWindows"/>).
/// </remarks>
internal static partial class PiiRegexes
{
    private const RegexOptions Opt = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const RegexOptions OptI = Opt | RegexOptions.IgnoreCase;

    [GeneratedRegex(@"\b[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9][A-Za-z0-9\-]*(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\b", Opt)]
    public static partial Regex Email();

    [GeneratedRegex(@"\b(https?://|ftp://|www\.)[^\s<>""'`{}|\\^\]\[]{2,}", OptI)]
    public static partial Regex UrlWithScheme();

    [GeneratedRegex(@"\b[a-z0-9]([a-z0-9\-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9\-]*[a-z0-9])?)*\.(com|org|net|edu|gov|mil|int|info|biz|io|co|us|uk|de|fr|it|es|nl|ca|au|jp|cn|in|br|ru|ch|se|no|dk|fi|pl|be|at|ie|nz|za|mx|ar|kr|tv|me|app|dev|ai|health|med|bank)(/[^\s<>""']*)?\b", OptI)]
    public static partial Regex Domain();

    [GeneratedRegex(@"\b((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(/([0-9]|[12][0-9]|3[0-2]))?\b", Opt)]
    public static partial Regex IPv4();

    [GeneratedRegex(@"[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:]{1,38}(\.[0-9.]{1,15})?", Opt)]
    public static partial Regex IPv6Candidate();

    [GeneratedRegex(@"(\+|\()?\b[0-9][0-9 .\-()]{5,22}[0-9]( ?(x|ext\.?) ?[0-9]{1,6})?\b", OptI)]
    public static partial Regex PhoneCandidate();

    [GeneratedRegex(@"\b([0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{3} [0-9]{2} [0-9]{4}|[0-9]{3}\.[0-9]{2}\.[0-9]{4}|[0-9]{9})\b", Opt)]
    public static partial Regex UsSsn();

    [GeneratedRegex(@"\b([0-9][ \-]?){11,18}[0-9]\b", Opt)]
    public static partial Regex CreditCard();

    [GeneratedRegex(@"\b[A-Z]{2}[0-9]{2}( ?[A-Z0-9]){11,30}\b", Opt)]
    public static partial Regex IbanCandidate();

    [GeneratedRegex(@"\b[0-9]{3}[ \-]?[0-9]{3}[ \-]?[0-9]{4}\b", Opt)]
    public static partial Regex UkNhs();

    [GeneratedRegex(@"\b[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?\b", Opt)]
    public static partial Regex Swift();

    [GeneratedRegex(@"\b([A-Z][0-9]{8}|[0-9]{9})\b", Opt)]
    public static partial Regex UsPassport();

    [GeneratedRegex(@"\b([A-Z]{1,2}[0-9]{4,14}|[A-Z][0-9]{3}-[0-9]{3}-[0-9]{2}-[0-9]{3}-[0-9]|[A-Z][0-9]{2,3}-[0-9]{3,4}-[0-9]{3,4}|[0-9]{7,12}|[A-Z][0-9]{3} ?[0-9]{4} ?[0-9]{4})\b", Opt)]
    public static partial Regex UsDriverLicense();

    [GeneratedRegex(@"\b[0-9]{8,17}\b", Opt)]
    public static partial Regex UsBankNumber();

    /// <summary>An identifier after a keyword that names it: the keyword is group <c>kw</c>, the identifier group <c>value</c>.</summary>
    [GeneratedRegex(@"\b(?<kw>mrn|medical[ \-]record(s)?( (number|no|num|#))?|med(ical)? rec(ord)? #|chart( (number|no|#))?|member( (id|number|no|#))|membership (id|number)|subscriber( (id|number|no|#))?|health[ \-]?plan( (beneficiary|member))?( (id|number|no|#))?|beneficiary( (id|number|no|#))|insurance( (policy|plan|member))?( (id|number|no|#))?|insurer( (id|number|no|#))?|ins|policy( (id|number|no|#))|group( (number|no|#))|patient( (id|number|no|#))|pt (id|#)|case( (number|no|#))?|encounter( (id|number|no|#))|account( (number|no|#))?|acct( (number|no|#))?|license( (number|no|#))|licence( (number|no|#))|certificate( (number|no|#))|ref(erence)?( (code|number|no|#))?|ref\.( (code|number|no))?|id)( (is|was|of))?[ \t]{0,3}([:#=]|n[or]\.?|number)?[ \t]{0,3}(?<value>#?[A-Z0-9]{1,6}(-?[A-Z0-9]){2,20})\b", OptI)]
    public static partial Regex LabelledIdentifier();

    [GeneratedRegex(@"\b(ssn|social security( (number|no|#))?|ss#)[ \t]{0,3}[:#=]?[ \t]{0,3}(?<value>[0-9]{3}[ \-.]?[0-9]{2}[ \-.]?[0-9]{4})\b", OptI)]
    public static partial Regex LabelledSsn();
}
