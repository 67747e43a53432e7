using Compliant.AI;
using Compliant.AI.Auditing.Internal;
using Compliant.AI.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers audit sinks: the file ledger (the embedded default) or the in-memory sink.</summary>
public static class AuditLedgerCompliantAIBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="FileAuditLedger"/> as the <see cref="IAuditSink"/> singleton, with
    /// <see cref="AuditLedgerOptions"/> bound from <c>Compliant:Audit:Ledger</c> and validated at start-up.
    /// </summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// The key is <see cref="AuditLedgerOptions.Key"/> when set, else the <see cref="AuditKey"/> registered with
    /// <c>AddAuditKey</c> when there is one, else the environment variable <see cref="AuditLedgerOptions.KeyEnvironmentVariable"/>.
    /// The ledger opens when first resolved and is disposed with the container, which writes and flushes every queued
    /// append. Resolve <see cref="IAuditSink"/> at start-up to surface an unwritable directory immediately.
    /// A previously registered <see cref="IAuditSink"/> is replaced. The checkpoint witness is the
    /// <see cref="IAuditCheckpointWitness"/> registered in the container when there is one (a database row, a remote log),
    /// else a <see cref="FileAuditCheckpointWitness"/> at <see cref="AuditLedgerOptions.WitnessPath"/> when that is set, else none.
    /// </remarks>
    public static CompliantAIBuilder AddAuditLedger(this CompliantAIBuilder builder, Action<AuditLedgerOptions>? configure = null)
    {
        Throw.IfNull(builder);
        IServiceCollection services = builder.Services;
        services.AddCompliantOptions<AuditLedgerOptions>(AuditLedgerOptions.SectionName, static (section, options) => section.Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditLedgerOptions>, AuditLedgerOptionsValidation>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            AuditLedgerOptions options = sp.GetRequiredService<IOptions<AuditLedgerOptions>>().Value;
            return new FileAuditLedger(
                options,
                sp.GetService<TimeProvider>(),
                sp.GetService<ILogger<FileAuditLedger>>(),
                string.IsNullOrWhiteSpace(options.Key) ? sp.GetService<AuditKey>() : null,
                sp.GetService<IAuditCheckpointWitness>());
        });
        services.Replace(ServiceDescriptor.Singleton<IAuditSink>(sp => sp.GetRequiredService<FileAuditLedger>()));
        return builder;
    }

    /// <summary>Registers an <see cref="InMemoryAuditSink"/> as the <see cref="IAuditSink"/> singleton (tests, demos).</summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <returns>The builder.</returns>
    /// <remarks>A previously registered <see cref="IAuditSink"/> is replaced. Resolve <see cref="InMemoryAuditSink"/> to read the records.</remarks>
    public static CompliantAIBuilder AddInMemoryAuditSink(this CompliantAIBuilder builder)
    {
        Throw.IfNull(builder);
        builder.Services.TryAddSingleton<InMemoryAuditSink>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuditSink>(sp => sp.GetRequiredService<InMemoryAuditSink>()));
        return builder;
    }
}
