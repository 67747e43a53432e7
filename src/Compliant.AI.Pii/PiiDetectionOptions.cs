using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Compliant.AI;

/// <summary>Options for <see cref="PiiDetector"/>; bound from the configuration section <c>Compliant:Pii:Detection</c>.</summary>
public sealed class PiiDetectionOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Compliant:Pii:Detection";

    /// <summary>Gets the entity types to detect; empty means every type the recognizers support.</summary>
    /// <value>The default is empty (all types).</value>
    public IList<string> EntityTypes { get; } = [];

    /// <summary>Gets or sets the minimum score an entity needs to be reported, unless <see cref="Thresholds"/> names its type.</summary>
    /// <value>The default is 0.5.</value>
    [Range(0.0, 1.0)]
    public double DefaultThreshold { get; set; } = 0.5;

    /// <summary>Gets the minimum score per entity type, overriding <see cref="DefaultThreshold"/>.</summary>
    /// <value>The default is empty.</value>
    public IDictionary<string, double> Thresholds { get; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets how many words before and after a candidate are searched for its recognizer's context words.</summary>
    /// <value>The default is 6.</value>
    [Range(0, 100)]
    public int ContextWindowWords { get; set; } = 6;

    /// <summary>Gets or sets how much a context word raises a candidate's score.</summary>
    /// <value>The default is 0.35 (as Microsoft Presidio).</value>
    [Range(0.0, 1.0)]
    public double ContextScoreBoost { get; set; } = 0.35;

    /// <summary>Gets or sets the minimum score of a candidate that has a context word nearby.</summary>
    /// <value>The default is 0.4 (as Microsoft Presidio).</value>
    [Range(0.0, 1.0)]
    public double ContextMinimumScore { get; set; } = 0.4;

    /// <summary>Gets the terms that are never reported, compared case-insensitively with the whole entity text.</summary>
    /// <value>The default is empty.</value>
    public IList<string> AllowList { get; } = [];

    /// <summary>Gets the terms that are always reported (score 1) as <see cref="DenyListEntityType"/> wherever they occur as whole words.</summary>
    /// <value>The default is empty.</value>
    public IList<string> DenyList { get; } = [];

    /// <summary>Gets or sets the entity type reported for <see cref="DenyList"/> terms.</summary>
    /// <value>The default is <c>DENY_LIST</c>.</value>
    [Required]
    public string DenyListEntityType { get; set; } = "DENY_LIST";

    /// <summary>Gets the pattern recognizers declared in configuration.</summary>
    /// <value>The default is empty.</value>
    [ValidateEnumeratedItems]
    public IList<PiiCustomPattern> CustomPatterns { get; } = [];

    /// <summary>Gets or sets the match timeout of custom patterns that cannot run non-backtracking.</summary>
    /// <value>The default is 100 milliseconds.</value>
    public TimeSpan CustomPatternTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets a value indicating whether text is normalized before detection (zero-width characters removed, odd spaces, dashes and full-width forms folded) so evasions are still found.</summary>
    /// <value>The default is <see langword="true"/>. Offsets always point into the original text.</value>
    public bool NormalizeText { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the built-in recognizers run.</summary>
    /// <value>The default is <see langword="true"/>. Set to <see langword="false"/> to run only recognizers you add.</value>
    public bool UseBuiltInRecognizers { get; set; } = true;
}
