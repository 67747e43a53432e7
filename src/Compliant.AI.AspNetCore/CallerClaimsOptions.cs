namespace Compliant.AI;

/// <summary>
/// How the authenticated user's claims become the request's <see cref="CallerContext"/> (section
/// <c>Compliant:Caller</c>).
/// </summary>
/// <remarks>
/// Each identity field lists claim types in order of preference; the first one present on the principal wins. The
/// defaults read Microsoft Entra ID tokens (<c>oid</c>, <c>groups</c>, <c>roles</c>, <c>tid</c>), generic OpenID Connect
/// tokens (<c>sub</c>) and the long URI forms ASP.NET Core's JWT handler maps those claims to when
/// <c>MapInboundClaims</c> is on (its default).
/// </remarks>
public sealed class CallerClaimsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Compliant:Caller";

    /// <summary>Gets or sets the claim types that carry the stable user id, in order of preference.</summary>
    /// <value>The default is <c>oid</c>, its mapped form, <c>sub</c> and <c>ClaimTypes.NameIdentifier</c>.</value>
    public IList<string> UserIdClaimTypes { get; set; } =
    [
        "oid",
        "http://schemas.microsoft.com/identity/claims/objectidentifier",
        "sub",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier",
    ];

    /// <summary>Gets or sets the claim types whose values are the user's groups (every value of every listed type is taken).</summary>
    /// <value>The default is <c>groups</c>.</value>
    public IList<string> GroupClaimTypes { get; set; } = ["groups"];

    /// <summary>Gets or sets the claim types whose values are the user's roles (every value of every listed type is taken).</summary>
    /// <value>The default is <c>roles</c>, <c>role</c> and <c>ClaimTypes.Role</c>.</value>
    public IList<string> RoleClaimTypes { get; set; } =
    [
        "roles",
        "role",
        "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
    ];

    /// <summary>Gets or sets the claim types that carry the tenant id, in order of preference.</summary>
    /// <value>The default is <c>tid</c> and its mapped form.</value>
    public IList<string> TenantClaimTypes { get; set; } = ["tid", "http://schemas.microsoft.com/identity/claims/tenantid"];

    /// <summary>Gets or sets the claim types that list the purposes of use the user may declare (every value is taken).</summary>
    /// <value>The default is <c>purpose_of_use</c>.</value>
    public IList<string> PurposeOfUseClaimTypes { get; set; } = ["purpose_of_use"];

    /// <summary>Gets or sets a value indicating whether a request whose principal has no user id claim is refused with 403.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RequireUserId { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether a request whose principal has no tenant claim (and no <see cref="DefaultTenantId"/>) is refused with 403.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool RequireTenant { get; set; }

    /// <summary>Gets or sets a value indicating whether a request without a purpose of use (claim, header or default) is refused with 403.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool RequirePurposeOfUse { get; set; }

    /// <summary>Gets or sets the tenant id used when the token carries none (a single-tenant service).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? DefaultTenantId { get; set; }

    /// <summary>Gets or sets the purpose of use used when neither the token nor the header declares one.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? DefaultPurposeOfUse { get; set; }

    /// <summary>
    /// Gets or sets the request header through which a caller declares the purpose of use of this request, or
    /// <see langword="null"/> to ignore any such header.
    /// </summary>
    /// <value>The default is <c>X-Purpose-Of-Use</c>.</value>
    /// <remarks>
    /// The header is honoured only where policy allows: its value must be one of the purposes the token lists in
    /// <see cref="PurposeOfUseClaimTypes"/>, or, when the token lists none, one of <see cref="AllowedPurposesOfUse"/>.
    /// Any other value is refused with 403. Values are compared case-insensitively and recorded in upper case.
    /// </remarks>
    public string? PurposeOfUseHeader { get; set; } = "X-Purpose-Of-Use";

    /// <summary>Gets or sets the purposes of use a caller may declare through <see cref="PurposeOfUseHeader"/> when the token lists none.</summary>
    /// <value>The default is empty: without a purpose claim in the token, the header is refused.</value>
    public IList<string> AllowedPurposesOfUse { get; set; } = [];

    /// <summary>Gets or sets how group (and, with <see cref="RolesAsGroups"/>, role) names are normalized before access checks.</summary>
    /// <value>The default is <see cref="GroupNameNormalization.LowerInvariant"/>.</value>
    public GroupNameNormalization GroupNormalization { get; set; } = GroupNameNormalization.LowerInvariant;

    /// <summary>Gets or sets a value indicating whether the user's roles also count as groups for document access control.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool RolesAsGroups { get; set; }
}
