namespace Compliant.AI.Pii.Internal;

/// <summary>A person's name found by one of the <see cref="PersonRecognizer"/>'s parts: its span, score and the rule that found it (the explanation's pattern).</summary>
internal readonly record struct PersonMatch(int Start, int End, double Score, string Pattern);
