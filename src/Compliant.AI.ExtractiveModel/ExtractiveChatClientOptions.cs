using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options of the offline <see cref="ExtractiveChatClient"/>.</summary>
public sealed class ExtractiveChatClientOptions
{
    /// <summary>
    /// Gets or sets the share of the question's (IDF-weighted) content terms the chosen sentences of the first quoted
    /// document must contain for the model to answer; below it the model says it cannot answer.
    /// </summary>
    /// <value>The default is 0.5.</value>
    [Range(0.0, 1.0)]
    public double MinimumSupport { get; set; } = 0.5;

    /// <summary>
    /// Gets or sets how much the semantic similarity of a unit to the question counts, when the model was given an
    /// embedding generator: 0 scores units by their words alone, 1 ranks the units that match the question's words by
    /// similarity alone. The support figure blends in the first quoted unit's similarity (as a share of
    /// <see cref="FullSupportSimilarity"/>) by the same share, when that raises it and the unit names one of the question's
    /// subject words (a content word other than a measure word such as "retained" or "days").
    /// </summary>
    /// <value>The default is 0.5. Without an embedding generator the value has no effect.</value>
    [Range(0.0, 1.0)]
    public double SemanticWeight { get; set; } = 0.5;

    /// <summary>
    /// Gets or sets the cosine similarity of the first quoted unit to the question that counts as full semantic support
    /// (lower similarities count pro rata), when the model was given an embedding generator.
    /// </summary>
    /// <value>
    /// The default is 0.7, where all-MiniLM-L6-v2 puts a sentence that restates the question's matter in other words;
    /// another embedding model may place such sentences elsewhere and need its own value.
    /// </value>
    [Range(0.01, 1.0)]
    public double FullSupportSimilarity { get; set; } = 0.7;

    /// <summary>
    /// Gets or sets the cosine similarity of a question word to a word of the first quoted document's units at which the
    /// question word counts as covered although the document says it in other words ("info" and "information",
    /// "restart" and "reboot"), when the model was given an embedding generator and the answer would be declined otherwise.
    /// Measure words ("days", "years") and numbers are never matched this way.
    /// </summary>
    /// <value>
    /// The default is 0.65: all-MiniLM-L6-v2 puts synonyms and word forms ("restart" and "reboot" 0.85, "automatically"
    /// and "automatic" 0.87, "info" and "information" 0.75) above it and merely related words ("week" and "day" 0.55,
    /// "insurance" and "plan" 0.33) below it. Another embedding model may need its own value; 1 turns the matching off.
    /// </value>
    [Range(0.01, 1.0)]
    public double ParaphraseSimilarity { get; set; } = 0.65;

    /// <summary>Gets or sets how many sentences an answer quotes at most.</summary>
    /// <value>The default is 2.</value>
    [Range(1, 20)]
    public int MaxSentences { get; set; } = 2;

    /// <summary>Gets or sets the reply when nothing in the sources supports the question.</summary>
    /// <value>The default is <see cref="GroundingOptions.DefaultCannotAnswerText"/>, which the grounding stage recognizes.</value>
    [Required]
    public string CannotAnswerText { get; set; } = GroundingOptions.DefaultCannotAnswerText;

    /// <summary>
    /// Gets or sets the datamarking marker of spotlighted sources (the guardrails stage's
    /// <c>GuardrailsOptions.SpotlightMarker</c>, which replaces the spaces of untrusted text). The model reads a source
    /// marked this way with its spaces back, so its sentences split and its quotes are readable.
    /// </summary>
    /// <value>The default is <c>^</c>, the guardrails stage's default; <see langword="null"/> or empty reads sources as they are.</value>
    public string? DatamarkMarker { get; set; } = "^";
}
