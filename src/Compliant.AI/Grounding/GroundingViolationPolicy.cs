namespace Compliant.AI;

/// <summary>What the grounding stage does with an answer that breaks the citation rules.</summary>
public enum GroundingViolationPolicy
{
    /// <summary>Replace the answer with the cannot-answer response.</summary>
    Block,

    /// <summary>Ask the model once more, stating the problems; block if the second answer still breaks the rules.</summary>
    ReaskOnce,

    /// <summary>Return the answer, with the violations reported in its <see cref="GroundingResult"/>.</summary>
    AnnotateOnly,
}
