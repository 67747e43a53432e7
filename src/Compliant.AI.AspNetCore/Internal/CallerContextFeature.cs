namespace Compliant.AI.AspNetCore.Internal;

/// <summary>The caller mapped for the current request, kept on the request's features.</summary>
internal sealed record CallerContextFeature(CallerContext Caller);
