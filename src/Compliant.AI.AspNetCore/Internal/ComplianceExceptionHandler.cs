using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Compliant.AI.AspNetCore.Internal;

/// <summary>Writes the Problem Details of a compliance refusal or failure; other exceptions go to the next handler.</summary>
internal sealed class ComplianceExceptionHandler(IProblemDetailsService problems, TimeProvider time) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted || !ComplianceProblemMapper.TryMap(exception, time, out ProblemDetails? problem, out TimeSpan? retryAfter))
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (retryAfter is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = ((long)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem }).ConfigureAwait(false);
    }
}
