namespace Compliant.AI;

/// <summary>Describes who is asking: the user, their groups and roles, the tenant, and the purpose of use.</summary>
/// <remarks>
/// <para>Instances are immutable and safe to share across threads.</para>
/// <para>
/// The user id and group names are identifiers of a person and may be personal data. Compliant.AI records them in the
/// audit trail (which is access-controlled) and uses them for access control and budgets; it never sends them to a
/// model provider, a log message or a trace.
/// </para>
/// </remarks>
public sealed class CallerContext
{
    /// <summary>The key under which a per-call <see cref="CallerContext"/> is stored in <c>ChatOptions.AdditionalProperties</c>.</summary>
    public const string AdditionalPropertiesKey = "compliant_ai.caller";

    /// <summary>Gets a caller with no identity, no groups and no roles; it can read only unrestricted content.</summary>
    public static CallerContext Anonymous { get; } = new(null);

    /// <summary>Initializes a new instance of the <see cref="CallerContext"/> class.</summary>
    /// <param name="userId">The stable id of the user, or <see langword="null"/> when anonymous.</param>
    /// <param name="groups">The groups the user belongs to; used for document-level access control.</param>
    /// <param name="roles">The roles the user holds.</param>
    /// <param name="tenantId">The tenant or team the request is billed to.</param>
    /// <param name="purposeOfUse">Why the data is being accessed, for example <c>TREATMENT</c> or <c>OPERATIONS</c>.</param>
    public CallerContext(
        string? userId,
        IEnumerable<string>? groups = null,
        IEnumerable<string>? roles = null,
        string? tenantId = null,
        string? purposeOfUse = null)
    {
        UserId = string.IsNullOrWhiteSpace(userId) ? null : userId;
        Groups = Normalize(groups);
        Roles = Normalize(roles);
        TenantId = string.IsNullOrWhiteSpace(tenantId) ? null : tenantId;
        PurposeOfUse = string.IsNullOrWhiteSpace(purposeOfUse) ? null : purposeOfUse;
    }

    /// <summary>Gets the stable id of the user, or <see langword="null"/> when the caller is anonymous.</summary>
    public string? UserId { get; }

    /// <summary>Gets the distinct, ordinal-sorted groups the caller belongs to.</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>Gets the distinct, ordinal-sorted roles the caller holds.</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <summary>Gets the tenant or team the request belongs to, or <see langword="null"/>.</summary>
    public string? TenantId { get; }

    /// <summary>Gets the declared purpose of use, or <see langword="null"/>.</summary>
    public string? PurposeOfUse { get; }

    /// <summary>Gets the principals this caller acts as: <c>user:{UserId}</c> and <c>group:{name}</c> for each group.</summary>
    /// <remarks>Access-control lists on documents name principals in the same form.</remarks>
    public IEnumerable<string> Principals
    {
        get
        {
            if (UserId is not null)
            {
                yield return PrincipalNames.User(UserId);
            }

            foreach (string group in Groups)
            {
                yield return PrincipalNames.Group(group);
            }
        }
    }

    private static string[] Normalize(IEnumerable<string>? values) =>
        values is null
            ? []
            : values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
