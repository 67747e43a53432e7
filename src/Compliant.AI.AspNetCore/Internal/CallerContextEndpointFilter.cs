using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Compliant.AI.AspNetCore.Internal;

/// <summary>Maps the principal to the caller, makes it ambient for the endpoint, or answers 401/403 with a problem.</summary>
internal sealed class CallerContextEndpointFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpContext http = context.HttpContext;
        CallerMappingResult result = http.RequestServices.GetRequiredService<CallerClaimsMapper>().Map(http);
        if (result.Caller is null)
        {
            return Results.Problem(ComplianceProblemMapper.Caller(result));
        }

        ICallerContextAccessor accessor = http.RequestServices.GetRequiredService<ICallerContextAccessor>();
        CallerContext? previous = accessor.Current;
        accessor.Current = result.Caller;
        http.Features.Set(new CallerContextFeature(result.Caller));
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        finally
        {
            accessor.Current = previous;
        }
    }
}
