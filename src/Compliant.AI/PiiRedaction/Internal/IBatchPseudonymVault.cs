namespace Compliant.AI.PiiRedaction.Internal;

/// <summary>A vault that issues or restores several placeholders of one scope in one call: one round trip for a remote vault.</summary>
/// <remarks>
/// The redaction stage uses it when the vault offers it. The results must equal the one-by-one calls made in the same
/// order (the first value of a type is numbered first; an equal value gets the same placeholder).
/// </remarks>
internal interface IBatchPseudonymVault
{
    /// <summary>Gets the placeholder of each value, issuing new ones in order; one result per entry, in order.</summary>
    ValueTask<string[]> GetOrAddPseudonymsAsync(string scope, IReadOnlyList<(string EntityType, string Value)> entries, CancellationToken cancellationToken);

    /// <summary>Gets the value behind each placeholder (<see langword="null"/> for one the scope did not issue); one result per placeholder, in order.</summary>
    ValueTask<string?[]> GetValuesAsync(string scope, IReadOnlyList<string> pseudonyms, CancellationToken cancellationToken);
}
