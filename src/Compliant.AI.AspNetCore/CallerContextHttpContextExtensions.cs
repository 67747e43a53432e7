using Compliant.AI.AspNetCore.Internal;
using Compliant.AI.Internal;
using Microsoft.AspNetCore.Http;

namespace Compliant.AI;

/// <summary>Reads the <see cref="CallerContext"/> that Compliant.AI mapped from the request's authenticated user.</summary>
public static class CallerContextHttpContextExtensions
{
    /// <summary>Gets the caller mapped for this request by <c>RequireCompliantAICaller()</c> or <c>UseCompliantAICallerContext()</c>.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>The caller, or <see langword="null"/> when none was mapped (anonymous request, or no filter or middleware).</returns>
    public static CallerContext? GetCompliantAICaller(this HttpContext context)
    {
        Throw.IfNull(context);
        return context.Features.Get<CallerContextFeature>()?.Caller;
    }
}
