using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options for <see cref="CascadeChatClient"/>: when a request escalates from the cheap model to the larger one.</summary>
public sealed class CascadeOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Compliant:Cascade";

    /// <summary>Gets or sets the confidence below which the primary model's answer escalates.</summary>
    /// <value>The default is 0.5. 0 escalates on confidence never; 1 on every answer below certainty.</value>
    [Range(0.0, 1.0)]
    public double MinimumConfidence { get; set; } = 0.5;

    /// <summary>
    /// Gets or sets the name of the top-level JSON property of the primary's answer that holds its confidence (a number
    /// from 0 to 1). A <c>confidence</c> entry in <c>ChatResponse.AdditionalProperties</c> is read first.
    /// </summary>
    /// <value>The default is <c>confidence</c>.</value>
    [Required]
    public string ConfidenceProperty { get; set; } = "confidence";

    /// <summary>Gets or sets a value indicating whether an answer that reports no confidence escalates.</summary>
    /// <value>The default is <see langword="true"/>: an answer that cannot say how sure it is counts as unsure.</value>
    public bool EscalateWhenConfidenceMissing { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether an answer that is not valid against the request's JSON schema
    /// (<c>ChatOptions.ResponseFormat</c>) escalates. Requests without a schema are never checked.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EscalateOnSchemaFailure { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether a failure of the primary model (any exception but cancellation by the
    /// caller, including a budget or rate-limit refusal on the primary) escalates.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EscalateOnPrimaryFailure { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether the primary's answer is returned when the larger model refuses the
    /// escalation for budget or rate-limit reasons (<see cref="BudgetExceededException"/>, <see cref="RateLimitExceededException"/>),
    /// provided the primary answered and the answer passed the schema.
    /// </summary>
    /// <value>The default is <see langword="true"/>. When <see langword="false"/> the refusal propagates.</value>
    public bool KeepPrimaryAnswerWhenEscalationRefused { get; set; } = true;

    /// <summary>A copy (every property is a value or an immutable string).</summary>
    internal CascadeOptions Clone() => (CascadeOptions)MemberwiseClone();
}
