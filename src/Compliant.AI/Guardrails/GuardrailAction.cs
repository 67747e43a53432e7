namespace Compliant.AI;

/// <summary>What the guardrails stage does with a text the prompt-injection detector flags.</summary>
public enum GuardrailAction
{
    /// <summary>Refuse the whole request with a <see cref="PromptInjectionRejectedException"/> (audited).</summary>
    Block = 0,

    /// <summary>Withhold the flagged passage or tool result and continue with the rest (for the user's turn, the same as <see cref="Block"/>).</summary>
    Drop = 1,

    /// <summary>Let the text through and only record the verdict.</summary>
    Annotate = 2,
}
