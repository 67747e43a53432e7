namespace Compliant.AI.PromptInjection.Internal;

/// <summary>A payload found encoded in a text, decoded, with the signal name of its encoding.</summary>
internal readonly record struct DecodedPayload(string Signal, string Text);
