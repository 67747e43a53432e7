using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Compliant.AI.AspNetCore.Internal;

/// <summary>
/// The file ledger accepts appends and its folder is writable. Unhealthy when the ledger refuses appends (not intact
/// on open, or faulted after a failed write) or the folder cannot be written; healthy when no file ledger is registered.
/// </summary>
internal sealed class AuditLedgerHealthCheck(IServiceProvider services) : IHealthCheck
{
    private const string ProbeFileName = ".health-probe";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        FileAuditLedger? ledger;
        try
        {
            ledger = services.GetService<FileAuditLedger>();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The ledger could not be opened (no key, a held lock, an unwritable folder): no request can be audited.
            return Task.FromResult(HealthCheckResult.Unhealthy($"The audit ledger cannot be opened ({ex.GetType().Name})."));
        }

        if (ledger is null)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No file audit ledger is registered."));
        }

        if (ledger.IsRefusingAppends)
        {
            string problem = ledger.OpenProblem?.Problem.ToString() ?? "faulted";
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"The audit ledger refuses appends ({problem}); requests fail closed until it is repaired and reopened.",
                data: new Dictionary<string, object> { ["problem"] = problem }));
        }

        try
        {
            using var probe = new FileStream(Path.Combine(ledger.DirectoryPath, ProbeFileName), FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            probe.WriteByte(0);
            probe.Flush();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The audit ledger folder cannot be written ({ex.GetType().Name})."));
        }

        return Task.FromResult(HealthCheckResult.Healthy("The audit ledger accepts appends.", new Dictionary<string, object> { ["head"] = ledger.HeadSequence }));
    }
}
