using Compliant.AI;
using Compliant.AI.Internal;
using Compliant.AI.Tools.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the tool-policy stage's options and shared rate-limit counters.</summary>
public static class ToolPolicyCompliantAIBuilderExtensions
{
    /// <summary>Registers <see cref="ToolPolicyOptions"/> (bound from <c>Compliant:ToolPolicy</c>, validated at start) for <c>UseToolPolicy()</c>.</summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding, for example to add policies in code.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// Safe to call more than once (callbacks accumulate). Register an <see cref="IToolApprover"/> to decide approvals in
    /// process; without one, approval requests go to the host as <c>ToolApprovalRequestContent</c>.
    /// </remarks>
    public static CompliantAIBuilder AddToolPolicy(this CompliantAIBuilder builder, Action<ToolPolicyOptions>? configure = null)
    {
        Throw.IfNull(builder);
        IServiceCollection services = builder.Services;
        services.AddCompliantOptions<ToolPolicyOptions>(ToolPolicyOptions.SectionName, static (section, options) => section.Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ToolPolicyOptions>, ToolPolicyOptionsValidation>());
        services.TryAddSingleton(sp => new ToolRateLimiter(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }
}
