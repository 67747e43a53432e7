namespace Compliant.AI.Pii.Internal;

/// <summary>A piece of street address found in the text ("112 Elm Street", "Apt. 4B"), its score and pattern; <see cref="AddressAssembler"/> grows it into a block.</summary>
internal readonly record struct AddressAnchor(int Start, int End, double Score, string Pattern);
