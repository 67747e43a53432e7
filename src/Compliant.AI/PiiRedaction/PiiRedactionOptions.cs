using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options of the PII redaction middleware (<c>UsePiiRedaction</c>); bound from <c>Compliant:Pii:Redaction</c>.</summary>
public sealed class PiiRedactionOptions : PiiAnonymizerOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Compliant:Pii:Redaction";

    /// <summary>Gets or sets a value indicating whether placeholders issued in the scope are restored to their values in the answer.</summary>
    /// <value>The default is <see langword="true"/>. Set <see langword="false"/> for flows that must never re-identify.</value>
    public bool Restore { get; set; } = true;

    /// <summary>Gets or sets which requests share pseudonyms.</summary>
    /// <value>The default is <see cref="PiiRedactionScope.Conversation"/>.</value>
    public PiiRedactionScope Scope { get; set; } = PiiRedactionScope.Conversation;

    /// <summary>Gets or sets the environment variable holding the base64 <see cref="PiiKey"/>, used when no <see cref="PiiKey"/> is registered.</summary>
    /// <value>The default is <c>COMPLIANT_PII_KEY</c>. Only needed for the hash and encrypt operators and the distributed vault.</value>
    [Required]
    public string KeyEnvironmentVariable { get; set; } = PiiKey.DefaultEnvironmentVariable;

    /// <summary>Gets or sets how long a conversation's pseudonyms live after their last use.</summary>
    /// <value>The default is 24 hours. Must be positive.</value>
    public TimeSpan VaultExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets how many conversations the in-memory vault keeps; the least recently used is dropped beyond it.</summary>
    /// <value>The default is 10,000.</value>
    [Range(1, int.MaxValue)]
    public int VaultMaxScopes { get; set; } = 10_000;

    /// <summary>Gets or sets how many distinct values one conversation may pseudonymize; beyond it the request fails (it is never sent unredacted).</summary>
    /// <value>The default is 10,000.</value>
    [Range(1, int.MaxValue)]
    public int VaultMaxEntriesPerScope { get; set; } = 10_000;

    internal PiiRedactionOptions Clone()
    {
        var copy = new PiiRedactionOptions();
        copy.DefaultOperator = DefaultOperator;
        foreach (KeyValuePair<string, PiiOperatorKind> pair in Operators)
        {
            copy.Operators[pair.Key] = pair.Value;
        }

        copy.MaskCharacter = MaskCharacter;
        copy.MaskKeepLast = MaskKeepLast;
        copy.HashLength = HashLength;
        copy.Restore = Restore;
        copy.Scope = Scope;
        copy.KeyEnvironmentVariable = KeyEnvironmentVariable;
        copy.VaultExpiry = VaultExpiry;
        copy.VaultMaxScopes = VaultMaxScopes;
        copy.VaultMaxEntriesPerScope = VaultMaxEntriesPerScope;
        return copy;
    }
}
