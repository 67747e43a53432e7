namespace Compliant.AI.PromptInjection.Internal;

/// <summary>A signature that matched: its signal name and weight (never the matched text).</summary>
internal readonly record struct SignatureHit(string Signal, double Weight);
