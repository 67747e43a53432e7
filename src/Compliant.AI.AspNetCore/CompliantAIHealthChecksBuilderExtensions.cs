using Compliant.AI;
using Compliant.AI.AspNetCore.Internal;
using Compliant.AI.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Compliant.AI's health checks to ASP.NET Core health checks.</summary>
public static class CompliantAIHealthChecksBuilderExtensions
{
    /// <summary>The tag every Compliant.AI health check carries.</summary>
    public const string Tag = "compliant_ai";

    /// <summary>
    /// Adds five checks, each tagged <see cref="Tag"/> and <c>ready</c>: <c>compliant_ai.audit_ledger</c> (the file
    /// ledger accepts appends and its folder is writable), <c>compliant_ai.audit_witness</c> (the checkpoint witness
    /// answers and keeps up), <c>compliant_ai.budget_store</c>, <c>compliant_ai.pseudonym_vault</c> and
    /// <c>compliant_ai.retrieval</c> (each answers one harmless read in time). Thresholds come from
    /// <see cref="CompliantAIHealthCheckOptions"/> (section <c>Compliant:HealthChecks</c>).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <remarks>
    /// <c>Unhealthy</c> means requests fail now (the ledger refuses appends, a store throws or times out, the witness
    /// cannot be read); <c>Degraded</c> means requests succeed but a guarantee or the latency weakens (the witness lags,
    /// a store is slow). A component that is not registered reports <c>Healthy</c> with a description saying so.
    /// Descriptions carry exception type names only, never messages.
    /// </remarks>
    public static IHealthChecksBuilder AddCompliantAIChecks(this IHealthChecksBuilder builder, Action<CompliantAIHealthCheckOptions>? configure = null)
    {
        Throw.IfNull(builder);
        IServiceCollection services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddCompliantOptions<CompliantAIHealthCheckOptions>(CompliantAIHealthCheckOptions.SectionName, static (section, options) => section.Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CompliantAIHealthCheckOptions>, CompliantAIHealthCheckOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        string[] tags = [Tag, "ready"];
        builder.Add(new HealthCheckRegistration("compliant_ai.audit_ledger", sp => new AuditLedgerHealthCheck(sp), HealthStatus.Unhealthy, tags));
        builder.Add(new HealthCheckRegistration("compliant_ai.audit_witness", sp => sp.GetRequiredService<AuditWitnessHealthCheck>(), HealthStatus.Unhealthy, tags));
        services.TryAddSingleton<AuditWitnessHealthCheck>();
        builder.Add(Probe("compliant_ai.budget_store", "budget store", tags, static sp => sp.GetService<IBudgetStore>() is { } store
            ? async ct => await store.GetSpentAsync("compliant-ai:health", ct).ConfigureAwait(false)
            : null));
        builder.Add(Probe("compliant_ai.pseudonym_vault", "pseudonym vault", tags, static sp => sp.GetService<IPseudonymVault>() is { } vault
            ? async ct => await vault.GetValueAsync("compliant-ai:health", "<HEALTH_PROBE_1>", ct).ConfigureAwait(false)
            : null));
        builder.Add(Probe("compliant_ai.retrieval", "retrieval store", tags, static sp => sp.GetService<IRetriever>() is { } retriever
            ? ct => retriever.RetrieveAsync(new RetrievalRequest("health check", CallerContext.Anonymous) { TopK = 1 }, ct)
            : null));
        return builder;
    }

    private static HealthCheckRegistration Probe(string name, string storeName, string[] tags, Func<IServiceProvider, Func<CancellationToken, Task>?> createProbe) =>
        new(name, sp => new StoreProbeHealthCheck(storeName, createProbe, sp, sp.GetRequiredService<IOptionsMonitor<CompliantAIHealthCheckOptions>>(), sp.GetRequiredService<TimeProvider>()), HealthStatus.Unhealthy, tags);
}
