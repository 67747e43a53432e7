namespace Compliant.AI.Redaction.Internal;

/// <summary>Copies options so a per-pipeline callback never changes the shared registered instance.</summary>
internal static class PiiRedactionOptionsCopy
{
    public static PiiRedactionOptions From(PiiRedactionOptions? source)
    {
        var copy = new PiiRedactionOptions();
        if (source is null)
        {
            return copy;
        }

        copy.DefaultOperator = source.DefaultOperator;
        foreach (KeyValuePair<string, PiiOperatorKind> pair in source.Operators)
        {
            copy.Operators[pair.Key] = pair.Value;
        }

        copy.MaskCharacter = source.MaskCharacter;
        copy.MaskKeepLast = source.MaskKeepLast;
        copy.HashLength = source.HashLength;
        copy.Restore = source.Restore;
        copy.Scope = source.Scope;
        copy.KeyEnvironmentVariable = source.KeyEnvironmentVariable;
        copy.VaultExpiry = source.VaultExpiry;
        copy.VaultMaxScopes = source.VaultMaxScopes;
        copy.VaultMaxEntriesPerScope = source.VaultMaxEntriesPerScope;
        return copy;
    }
}
