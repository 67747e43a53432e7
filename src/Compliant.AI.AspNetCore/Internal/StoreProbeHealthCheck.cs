using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Compliant.AI.AspNetCore.Internal;

/// <summary>
/// Probes a store with one harmless read: unhealthy when it throws or exceeds <see cref="CompliantAIHealthCheckOptions.ProbeTimeout"/>,
/// degraded when slower than <see cref="CompliantAIHealthCheckOptions.DegradedProbeDuration"/>, healthy when no such store is registered.
/// </summary>
internal sealed class StoreProbeHealthCheck(
    string storeName,
    Func<IServiceProvider, Func<CancellationToken, Task>?> createProbe,
    IServiceProvider services,
    IOptionsMonitor<CompliantAIHealthCheckOptions> options,
    TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Func<CancellationToken, Task>? probe;
        try
        {
            probe = createProbe(services);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy($"The {storeName} cannot be created ({ex.GetType().Name}).");
        }

        if (probe is null)
        {
            return HealthCheckResult.Healthy($"No {storeName} is registered.");
        }

        CompliantAIHealthCheckOptions o = options.CurrentValue;
        long started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(o.ProbeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await probe(linked.Token).WaitAsync(o.ProbeTimeout, time, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && timeout.IsCancellationRequested))
        {
            return HealthCheckResult.Unhealthy($"The {storeName} did not answer within {o.ProbeTimeout}.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy($"The {storeName} failed ({ex.GetType().Name}).");
        }

        TimeSpan elapsed = time.GetElapsedTime(started);
        var data = new Dictionary<string, object> { ["milliseconds"] = elapsed.TotalMilliseconds };
        return elapsed > o.DegradedProbeDuration
            ? HealthCheckResult.Degraded($"The {storeName} answered slowly.", data: data)
            : HealthCheckResult.Healthy($"The {storeName} answers.", data);
    }
}
