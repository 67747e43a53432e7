using Compliant.AI.AspNetCore.Internal;
using Microsoft.AspNetCore.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds Compliant.AI's caller mapping to minimal API endpoints.</summary>
public static class CompliantAIEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Maps the authenticated user's claims to the <see cref="Compliant.AI.CallerContext"/> of each request to these
    /// endpoints and makes it ambient (<see cref="Compliant.AI.ICallerContextAccessor"/>) while the handler runs, including
    /// a streamed response. Answers 401 (Problem Details) without an authenticated user and 403 when a required claim is
    /// missing or the declared purpose of use is not allowed.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder type.</typeparam>
    /// <param name="builder">The endpoint or route group builder.</param>
    /// <returns>The <paramref name="builder"/>, for chaining.</returns>
    /// <remarks>Needs <c>AddCompliantAI().AddAspNetCore()</c>. Combine with <c>RequireAuthorization()</c> so the authentication scheme issues its challenge.</remarks>
    public static TBuilder RequireCompliantAICaller<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddEndpointFilter(new CallerContextEndpointFilter());
        return builder;
    }

    /// <summary>
    /// Maps the authenticated user's claims to the ambient <see cref="Compliant.AI.CallerContext"/> for every later
    /// middleware and endpoint; answers 403 (Problem Details) when a required claim is missing. Anonymous requests pass.
    /// </summary>
    /// <param name="app">The application builder; call after <c>UseAuthentication()</c>.</param>
    /// <returns>The <paramref name="app"/>, for chaining.</returns>
    public static IApplicationBuilder UseCompliantAICallerContext(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<CallerContextMiddleware>();
    }
}
