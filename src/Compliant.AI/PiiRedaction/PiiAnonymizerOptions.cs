using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Which operator replaces each entity type, and how the operators behave.</summary>
/// <remarks>Bindable from configuration, for example <c>"Operators": { "US_SSN": "Mask", "PERSON": "Placeholder" }</c>.</remarks>
public class PiiAnonymizerOptions
{
    /// <summary>Gets or sets the operator for entity types not listed in <see cref="Operators"/>.</summary>
    /// <value>The default is <see cref="PiiOperatorKind.Placeholder"/>.</value>
    public PiiOperatorKind DefaultOperator { get; set; } = PiiOperatorKind.Placeholder;

    /// <summary>Gets the operator per entity type (Presidio names such as <c>US_SSN</c>), overriding <see cref="DefaultOperator"/>.</summary>
    /// <value>The default is empty (every type uses <see cref="DefaultOperator"/>). Keys are case-insensitive.</value>
#pragma warning disable CA2227 // Settable for configuration binding.
    public IDictionary<string, PiiOperatorKind> Operators { get; set; } = new Dictionary<string, PiiOperatorKind>(StringComparer.OrdinalIgnoreCase);
#pragma warning restore CA2227

    /// <summary>Gets or sets the character that replaces masked letters and digits.</summary>
    /// <value>The default is <c>*</c>.</value>
    public char MaskCharacter { get; set; } = '*';

    /// <summary>Gets or sets how many trailing letters or digits <see cref="PiiOperatorKind.Mask"/> leaves visible.</summary>
    /// <value>The default is 4 (<c>123-45-6789</c> becomes <c>***-**-6789</c>).</value>
    [Range(0, 64)]
    public int MaskKeepLast { get; set; } = 4;

    /// <summary>Gets or sets how many hex characters of the HMAC-SHA256 <see cref="PiiOperatorKind.Hash"/> keeps.</summary>
    /// <value>The default is 16 (64 bits).</value>
    [Range(8, 64)]
    public int HashLength { get; set; } = 16;

    /// <summary>Gets the operator for <paramref name="entityType"/>.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The configured operator, else <see cref="DefaultOperator"/>.</returns>
    public PiiOperatorKind GetOperator(string entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        if (Operators.TryGetValue(entityType, out PiiOperatorKind op))
        {
            return op;
        }

        if (Operators is not Dictionary<string, PiiOperatorKind> { Comparer: var c } || !ReferenceEquals(c, StringComparer.OrdinalIgnoreCase))
        {
            foreach (KeyValuePair<string, PiiOperatorKind> pair in Operators)
            {
                if (string.Equals(pair.Key, entityType, StringComparison.OrdinalIgnoreCase))
                {
                    return pair.Value;
                }
            }
        }

        return DefaultOperator;
    }

    /// <summary>Gets a value indicating whether any configured operator needs a <see cref="PiiKey"/>.</summary>
    /// <returns><see langword="true"/> when <see cref="PiiOperatorKind.Hash"/> or <see cref="PiiOperatorKind.Encrypt"/> is used.</returns>
    public bool RequiresKey() =>
        DefaultOperator is PiiOperatorKind.Hash or PiiOperatorKind.Encrypt
        || Operators.Values.Any(static o => o is PiiOperatorKind.Hash or PiiOperatorKind.Encrypt);
}
