namespace Compliant.AI;

/// <summary>The caller as recorded in an <see cref="AuditRecord"/>.</summary>
public sealed class AuditCaller
{
    /// <summary>Gets or sets the user id, or <see langword="null"/> when anonymous.</summary>
    public string? UserId { get; set; }

    /// <summary>Gets or sets the tenant or team.</summary>
    public string? TenantId { get; set; }

    /// <summary>Gets or sets the caller's groups.</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>Gets or sets the caller's roles.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Gets or sets the declared purpose of use.</summary>
    public string? PurposeOfUse { get; set; }

    /// <summary>Creates an audit caller from a <see cref="CallerContext"/>.</summary>
    /// <param name="caller">The caller.</param>
    /// <returns>A new instance.</returns>
    public static AuditCaller From(CallerContext caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new AuditCaller
        {
            UserId = caller.UserId,
            TenantId = caller.TenantId,
            Groups = [.. caller.Groups],
            Roles = [.. caller.Roles],
            PurposeOfUse = caller.PurposeOfUse,
        };
    }
}
