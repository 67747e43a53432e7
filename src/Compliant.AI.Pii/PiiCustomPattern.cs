using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>A pattern recognizer declared in configuration (<c>Compliant:Pii:Detection:CustomPatterns</c>).</summary>
/// <remarks>
/// The expression is compiled with <see cref="System.Text.RegularExpressions.RegexOptions.NonBacktracking"/> when it
/// can be (no look-arounds or back-references), otherwise with a match timeout of
/// <see cref="PiiDetectionOptions.CustomPatternTimeout"/>. A group named <c>value</c>, when present, is the entity span.
/// </remarks>
public sealed class PiiCustomPattern
{
    /// <summary>Gets or sets the pattern's name, reported in explanations.</summary>
    /// <value>The default is <c>custom</c>.</value>
    [Required]
    public string Name { get; set; } = "custom";

    /// <summary>Gets or sets the entity type a match gets, for example <c>EMPLOYEE_ID</c>.</summary>
    /// <value>The default is an empty string, which fails validation.</value>
    [Required]
    public string EntityType { get; set; } = string.Empty;

    /// <summary>Gets or sets the regular expression.</summary>
    /// <value>The default is an empty string, which fails validation.</value>
    [Required]
    public string Pattern { get; set; } = string.Empty;

    /// <summary>Gets or sets the score of a match.</summary>
    /// <value>The default is 0.6.</value>
    [Range(0.0, 1.0)]
    public double Score { get; set; } = 0.6;

    /// <summary>Gets or sets a value indicating whether the match is case-insensitive.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool IgnoreCase { get; set; }

    /// <summary>Gets the words that raise a match's score when found nearby.</summary>
    public IList<string> ContextWords { get; } = [];
}
