namespace Compliant.AI;

/// <summary>Thresholds of Compliant.AI's health checks (section <c>Compliant:HealthChecks</c>).</summary>
public sealed class CompliantAIHealthCheckOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Compliant:HealthChecks";

    /// <summary>Gets or sets how long a store probe may take before the check reports <c>Unhealthy</c>.</summary>
    /// <value>The default is 2 seconds.</value>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how long a store probe may take before the check reports <c>Degraded</c>.</summary>
    /// <value>The default is 250 milliseconds.</value>
    public TimeSpan DegradedProbeDuration { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Gets or sets how long a ledger line may stay unwitnessed before the witness check reports <c>Degraded</c>:
    /// a line that was the ledger's head this long ago must be covered by the witness.
    /// </summary>
    /// <value>The default is 1 minute.</value>
    public TimeSpan WitnessMaxLag { get; set; } = TimeSpan.FromMinutes(1);
}
