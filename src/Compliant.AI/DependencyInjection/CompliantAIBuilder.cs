using Microsoft.Extensions.DependencyInjection;

namespace Compliant.AI;

/// <summary>Returned by <c>AddCompliantAI</c>; capability packages add their services through extension methods on it.</summary>
public sealed class CompliantAIBuilder
{
    internal CompliantAIBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>Gets the service collection Compliant.AI registers into.</summary>
    public IServiceCollection Services { get; }
}
