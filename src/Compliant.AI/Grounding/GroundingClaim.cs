namespace Compliant.AI;

/// <summary>A sentence of the model's answer that failed the grounding check.</summary>
/// <remarks>Holds offsets into the evaluated answer text, never the text itself, so a result can be logged or audited safely.</remarks>
public sealed class GroundingClaim
{
    /// <summary>Gets the offset of the sentence in the evaluated answer text (UTF-16 code units).</summary>
    public required int Start { get; init; }

    /// <summary>Gets the end offset (exclusive) of the sentence in the evaluated answer text.</summary>
    public required int End { get; init; }

    /// <summary>Gets the source ids the sentence cited (or inherited from its paragraph); empty when it cited none.</summary>
    public required IReadOnlyList<string> SourceIds { get; init; }

    /// <summary>Gets the share of the sentence's content terms found in the cited passages, from 0 to 1.</summary>
    public required double Support { get; init; }

    /// <summary>Gets why the claim failed: <see cref="GroundingReasons.UnsupportedClaim"/> or <see cref="GroundingReasons.InstructionEcho"/>.</summary>
    public required string Reason { get; init; }
}
