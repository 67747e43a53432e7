namespace Compliant.AI.Grounding.Internal;

/// <summary>One evidence sentence of a passage.</summary>
/// <param name="Terms">Its content terms (number words and digits aliased).</param>
/// <param name="Numbers">Its numbers, normalized, in order.</param>
internal sealed record EvidenceSentence(HashSet<ulong> Terms, List<string> Numbers);
