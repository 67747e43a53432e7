using Compliant.AI;
using Compliant.AI.Auditing.Internal;
using Compliant.AI.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.AI;

/// <summary>Adds the auditing stage to a chat pipeline.</summary>
public static class AuditingChatClientBuilderExtensions
{
    /// <summary>Adds an <see cref="AuditingChatClient"/>: one tamper-evident audit record per interaction.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="sink">The sink, or <see langword="null"/> to resolve <see cref="IAuditSink"/> from services.</param>
    /// <param name="configure">An optional callback to adjust the options resolved from services (or the defaults).</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <remarks>
    /// Add it first (outermost). The digest key is the <see cref="AuditKey"/> registered in services, else the one
    /// described by <see cref="AuditingOptions.Key"/> / <see cref="AuditingOptions.KeyEnvironmentVariable"/>. With an
    /// <see cref="InMemoryAuditSink"/> and none of these configured, the digests use a random key held by that sink, so
    /// tests need no key (its digests are comparable only within the process).
    /// </remarks>
    /// <exception cref="InvalidOperationException">When the pipeline is built: no sink is registered, or no audit key is configured.</exception>
    public static ChatClientBuilder UseAuditing(this ChatClientBuilder builder, IAuditSink? sink = null, Action<AuditingOptions>? configure = null)
    {
        Throw.IfNull(builder);
        return builder.Use((inner, services) =>
        {
            AuditingOptions options = StageOptions.Configure(services, configure, static o => o.Clone());

            IAuditSink resolvedSink = sink ?? services.GetService<IAuditSink>()
                ?? throw new InvalidOperationException("UseAuditing needs an IAuditSink: register one (AddAuditLedger(), AddInMemoryAuditSink()) or pass it.");
            AuditKey key = services.GetService<AuditKey>()
                ?? (resolvedSink is InMemoryAuditSink memory && !AuditKeyResolver.IsConfigured(options.Key, options.KeyEnvironmentVariable)
                    ? memory.GetEphemeralDigestKey(options.KeyId)
                    : AuditKeyResolver.Resolve(options.KeyId, options.Key, options.KeyEnvironmentVariable));
            return new AuditingChatClient(
                inner,
                resolvedSink,
                key,
                options,
                services.GetService<ICallerContextAccessor>(),
                services.GetService<TimeProvider>(),
                StageOptions.Logger<AuditingChatClient>(services));
        });
    }
}
