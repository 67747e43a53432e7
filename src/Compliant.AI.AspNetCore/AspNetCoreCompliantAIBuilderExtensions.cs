using Compliant.AI;
using Compliant.AI.AspNetCore.Internal;
using Compliant.AI.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Compliant.AI's ASP.NET Core integration.</summary>
public static class AspNetCoreCompliantAIBuilderExtensions
{
    /// <summary>
    /// Registers the claims-to-caller mapping (<see cref="CallerClaimsOptions"/>, bound from <c>Compliant:Caller</c> and
    /// validated at start-up), Problem Details, and the exception handler that turns the compliance layer's refusals and
    /// failures into RFC 9457 problems (the app calls <c>UseExceptionHandler()</c>).
    /// </summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns>The <paramref name="builder"/>. Safe to call twice.</returns>
    public static CompliantAIBuilder AddAspNetCore(this CompliantAIBuilder builder, Action<CallerClaimsOptions>? configure = null)
    {
        Throw.IfNull(builder);
        IServiceCollection services = builder.Services;
        services.AddCompliantOptions<CallerClaimsOptions>(CallerClaimsOptions.SectionName, CallerClaimsOptionsBinding.Bind);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallerClaimsOptions>, CallerClaimsOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<CallerClaimsMapper>();
        services.AddProblemDetails();
        if (!services.Any(static d => d.ImplementationType == typeof(ComplianceExceptionHandler)))
        {
            services.AddExceptionHandler<ComplianceExceptionHandler>();
        }

        return builder;
    }
}
