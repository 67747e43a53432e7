namespace Compliant.AI.AspNetCore.Internal;

/// <summary>The caller mapped from a principal, or why the request is refused.</summary>
internal readonly record struct CallerMappingResult(CallerContext? Caller, int StatusCode, string? ProblemType, string? Field)
{
    public static CallerMappingResult Success(CallerContext caller) => new(caller, 200, null, null);

    public static CallerMappingResult Fail(int statusCode, string problemType, string? field = null) => new(null, statusCode, problemType, field);
}
