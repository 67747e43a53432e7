using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options for <see cref="PromptInjectionDetector"/>; bound from the configuration section <c>Compliant:PromptInjection:Detection</c>.</summary>
/// <remarks>
/// The thresholds are the operating points per <see cref="PromptInjectionSource"/>: a text is flagged when its score
/// reaches the threshold of its source. The layer switches exist to measure each layer's value (see docs/guardrails.md);
/// leave them on in production.
/// </remarks>
public sealed class PromptInjectionDetectionOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Compliant:PromptInjection:Detection";

    /// <summary>Gets or sets the score at which the user's own turn is flagged (direct injection).</summary>
    /// <value>The default is 0.5.</value>
    [Range(0.0, 1.0)]
    public double UserThreshold { get; set; } = 0.5;

    /// <summary>Gets or sets the score at which a retrieved passage or document is flagged (indirect injection).</summary>
    /// <value>The default is 0.5.</value>
    [Range(0.0, 1.0)]
    public double DocumentThreshold { get; set; } = 0.5;

    /// <summary>Gets or sets the score at which a tool result is flagged (indirect injection).</summary>
    /// <value>The default is 0.5.</value>
    [Range(0.0, 1.0)]
    public double ToolThreshold { get; set; } = 0.5;

    /// <summary>Gets or sets a value indicating whether Unicode tricks are folded away (invisible characters, look-alike letters, full-width forms, accents).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool FoldUnicode { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether base64, hexadecimal and percent-encoded payloads are decoded and scanned.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool DecodePayloads { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether leetspeak (<c>1gn0r3</c>) is undone before the signatures run again.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UndoLeetspeak { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether spaced-out letters (<c>i g n o r e</c>) are joined before the signatures run again.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool JoinSpacedLetters { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the English and German signatures run.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseSignatures { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether documents and tool results are searched for an out-of-context task: a
    /// sentence that opens as a request to the reader ("write a script to …", "how can I …?") and shares almost no
    /// content words with the rest of the text (signal <see cref="PromptInjectionSignals.TaskInsertion"/>).
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool DetectTaskInsertion { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the statistical model scores the text.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseModel { get; set; } = true;

    /// <summary>Returns a copy of these options.</summary>
    /// <returns>A new instance with the same values.</returns>
    public PromptInjectionDetectionOptions Clone() => (PromptInjectionDetectionOptions)MemberwiseClone();
}
