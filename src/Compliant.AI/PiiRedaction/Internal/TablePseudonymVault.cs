namespace Compliant.AI.PiiRedaction.Internal;

/// <summary>A vault over one <see cref="PseudonymTable"/>, for a scope that lives only as long as one request.</summary>
internal sealed class TablePseudonymVault(int maxEntries) : IPseudonymVault
{
    private readonly PseudonymTable _table = new(maxEntries);

    public ValueTask<string> GetOrAddPseudonymAsync(string scope, string entityType, string value, CancellationToken cancellationToken = default) =>
        new(_table.GetOrAdd(entityType, value));

    public ValueTask<string?> GetValueAsync(string scope, string pseudonym, CancellationToken cancellationToken = default) =>
        new(_table.TryGetValue(pseudonym, out string? value) ? value : null);
}
