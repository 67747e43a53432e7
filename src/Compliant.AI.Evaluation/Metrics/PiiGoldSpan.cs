namespace Compliant.AI;

/// <summary>One annotated personal-data span of a golden set: the entity type (Presidio name) and its UTF-16 offsets.</summary>
/// <param name="Type">The entity type, already mapped to the detector's names; <see cref="PiiSpanScorer.Ignore"/> for a type that is not scored.</param>
/// <param name="Start">The first UTF-16 code unit.</param>
/// <param name="End">The position after the last UTF-16 code unit (exclusive).</param>
public sealed record PiiGoldSpan(string Type, int Start, int End);
