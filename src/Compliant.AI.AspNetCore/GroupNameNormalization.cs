namespace Compliant.AI;

/// <summary>How group names from claims are normalized before they are compared with document access-control lists.</summary>
/// <remarks>
/// Every rule first trims white space, applies Unicode normalization form C and drops empty names and duplicates.
/// Access-control lists on documents must use the same rule: with <see cref="LowerInvariant"/>, write
/// <c>group:security-team</c>, and a token carrying <c>Security-Team</c> reads it.
/// </remarks>
public enum GroupNameNormalization
{
    /// <summary>Trim, form C, then lower case with the invariant culture (the default): <c>Security-Team</c> becomes <c>security-team</c>.</summary>
    LowerInvariant,

    /// <summary>Trim and form C only; names stay case-sensitive.</summary>
    None,
}
