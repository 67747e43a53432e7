namespace Compliant.AI;

/// <summary>Provides the ambient <see cref="CallerContext"/> of the current logical operation.</summary>
/// <remarks>
/// Hosts set <see cref="Current"/> once per incoming request (for example from ASP.NET Core's authenticated user), the
/// same way <c>IHttpContextAccessor</c> exposes the current HTTP context. A caller passed per call through
/// <c>ChatOptions.AdditionalProperties</c> takes precedence.
/// </remarks>
public interface ICallerContextAccessor
{
    /// <summary>Gets or sets the caller of the current logical operation, or <see langword="null"/> when unknown.</summary>
    CallerContext? Current { get; set; }
}
