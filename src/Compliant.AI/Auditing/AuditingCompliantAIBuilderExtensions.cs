using Compliant.AI;
using Compliant.AI.Auditing.Internal;
using Compliant.AI.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the auditing stage's options and key.</summary>
public static class AuditingCompliantAIBuilderExtensions
{
    /// <summary>Registers <see cref="AuditingOptions"/> (bound from <c>Compliant:Audit</c>, validated at start-up).</summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    public static CompliantAIBuilder AddAuditing(this CompliantAIBuilder builder, Action<AuditingOptions>? configure = null)
    {
        Throw.IfNull(builder);
        builder.Services.AddCompliantOptions<AuditingOptions>(AuditingOptions.SectionName, static (section, options) => section.Bind(options));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditingOptions>, AuditingOptionsValidation>());
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }

    /// <summary>Registers the key used for message digests (and, by the ledger, for the MAC chain).</summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="key">The key.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    public static CompliantAIBuilder AddAuditKey(this CompliantAIBuilder builder, AuditKey key)
    {
        Throw.IfNull(builder);
        Throw.IfNull(key);
        builder.Services.Replace(ServiceDescriptor.Singleton(key));
        return builder;
    }
}
