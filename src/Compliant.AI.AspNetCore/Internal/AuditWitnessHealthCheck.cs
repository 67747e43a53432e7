using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Compliant.AI.AspNetCore.Internal;

/// <summary>
/// The checkpoint witness answers and keeps up with the ledger. Unhealthy when it cannot be read (the ledger would refuse
/// to reopen against it); degraded when a line that was the ledger's head <see cref="CompliantAIHealthCheckOptions.WitnessMaxLag"/>
/// ago is still not witnessed (publications failing: a tail cut since then would go unnoticed).
/// </summary>
/// <remarks>Freshness is judged across polls: the check remembers the first head it saw unwitnessed and when.</remarks>
internal sealed class AuditWitnessHealthCheck(IServiceProvider services, IOptionsMonitor<CompliantAIHealthCheckOptions> options, TimeProvider time) : IHealthCheck
{
    private readonly Lock _gate = new();
    private long _pendingHead = -1;
    private long _pendingSince;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        FileAuditLedger? ledger;
        IAuditCheckpointWitness? witness;
        try
        {
            ledger = services.GetService<FileAuditLedger>();
            witness = services.GetService<IAuditCheckpointWitness>()
                ?? (services.GetService<IOptions<AuditLedgerOptions>>()?.Value.WitnessPath is { Length: > 0 } path ? new FileAuditCheckpointWitness(path) : null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy($"The audit ledger or its witness cannot be created ({ex.GetType().Name}).");
        }

        if (ledger is null || witness is null)
        {
            return HealthCheckResult.Healthy("No checkpoint witness is configured.");
        }

        CompliantAIHealthCheckOptions o = options.CurrentValue;
        AuditCheckpoint? witnessed;
        try
        {
            using var timeout = new CancellationTokenSource(o.ProbeTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            witnessed = await witness.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy($"The checkpoint witness cannot be read ({ex.GetType().Name}).");
        }

        long witnessedSeq = witnessed?.Sequence ?? 0;
        long head = ledger.HeadSequence;
        var data = new Dictionary<string, object> { ["head"] = head, ["witnessed"] = witnessedSeq };
        lock (_gate)
        {
            if (witnessedSeq >= head || (_pendingHead >= 0 && witnessedSeq >= _pendingHead))
            {
                _pendingHead = witnessedSeq >= head ? -1 : head;
                _pendingSince = time.GetTimestamp();
            }
            else if (_pendingHead < 0)
            {
                _pendingHead = head;
                _pendingSince = time.GetTimestamp();
            }

            if (_pendingHead >= 0 && time.GetElapsedTime(_pendingSince) > o.WitnessMaxLag)
            {
                return HealthCheckResult.Degraded(
                    $"The checkpoint witness lags the audit ledger by more than {o.WitnessMaxLag}; a removed tail would not be detected.", data: data);
            }
        }

        return HealthCheckResult.Healthy("The checkpoint witness is current.", data);
    }
}
