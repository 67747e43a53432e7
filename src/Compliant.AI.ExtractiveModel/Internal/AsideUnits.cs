using System.Text.RegularExpressions;

namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>
/// Recognises units that speak about the text rather than state its rules: a sentence in which the page describes itself
/// ("This page outlines how to sign up for and how to cancel the transit benefit."). It repeats the words of a question
/// about its topic and so matches it well, while the rule the question asks for is in another unit.
/// </summary>
internal static partial class AsideUnits
{
    /// <summary>
    /// Returns whether <paramref name="unit"/> is the page (guide, section, document) describing what it covers: "This page
    /// outlines how to ...", "This guide covers ...". It names the page's topic in the question's words without any rule.
    /// "This policy applies to ..." states the policy's scope, a rule, and is not matched.
    /// </summary>
    public static bool DescribesPage(string unit) => PageDescription().IsMatch(unit);

    [GeneratedRegex(@"^\W*this\s+(?:web\s*)?(?:page|guide|section|document|article)\s+(?:outlines?|describes?|explains?|covers?|provides?|summari[sz]es?|gives?|lists?|details?|introduces?|is\s+about|is\s+intended\s+to)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PageDescription();
}
