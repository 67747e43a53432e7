using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Compliant.AI.AspNetCore.Internal;

/// <summary>
/// For every authenticated request: maps the principal to the caller and makes it ambient for the rest of the pipeline,
/// or answers 403 when a required claim is missing. Anonymous requests pass untouched (authorization decides on them).
/// </summary>
internal sealed class CallerContextMiddleware(RequestDelegate next, CallerClaimsMapper mapper, ICallerContextAccessor accessor)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        CallerMappingResult result = mapper.Map(context);
        if (result.Caller is null)
        {
            ProblemDetails problem = ComplianceProblemMapper.Caller(result);
            await Results.Problem(problem).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        CallerContext? previous = accessor.Current;
        accessor.Current = result.Caller;
        context.Features.Set(new CallerContextFeature(result.Caller));
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            accessor.Current = previous;
        }
    }
}
