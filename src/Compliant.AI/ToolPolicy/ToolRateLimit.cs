namespace Compliant.AI;

/// <summary>How many calls of one tool may start per fixed window, per caller and per tenant.</summary>
/// <remarks>Windows are aligned to multiples of <see cref="Window"/> on the stage's <see cref="TimeProvider"/>. Counters live in process.</remarks>
public sealed class ToolRateLimit
{
    /// <summary>Gets or sets how many calls one user may start per window; 0 means no per-caller limit.</summary>
    /// <value>The default is 0.</value>
    public int PerCaller { get; set; }

    /// <summary>Gets or sets how many calls one tenant may start per window; 0 means no per-tenant limit.</summary>
    /// <value>The default is 0.</value>
    public int PerTenant { get; set; }

    /// <summary>Gets or sets the length of a window.</summary>
    /// <value>The default is 1 minute.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
