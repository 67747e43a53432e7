using Compliant.AI;
using Compliant.AI.Internal;
using Compliant.AI.Cascade.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the cascading options with Compliant.AI.</summary>
public static class CascadeCompliantAIBuilderExtensions
{
    /// <summary>Registers <see cref="CascadeOptions"/> bound from <c>Compliant:Cascade</c> and validated at start-up, for <c>UseCascade()</c> to pick up.</summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static CompliantAIBuilder AddCascade(this CompliantAIBuilder builder, Action<CascadeOptions>? configure = null)
    {
        Throw.IfNull(builder);
        builder.Services.AddCompliantOptions<CascadeOptions>(CascadeOptions.SectionName, static (section, options) => section.Bind(options));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CascadeOptions>, CascadeOptionsValidator>());
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }
}
