using Compliant.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the offline tiktoken token counter.</summary>
public static class TokenCounterCompliantAIBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="TiktokenTokenCounter"/> as the <see cref="ITokenCounter"/> that cost control uses when a
    /// provider reports no usage. Without it, cost control estimates one token per four UTF-16 characters.
    /// </summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Safe to call more than once; an <see cref="ITokenCounter"/> registered before this call is kept.</remarks>
    public static CompliantAIBuilder AddTiktokenTokenCounter(this CompliantAIBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<ITokenCounter>(TiktokenTokenCounter.Instance);
        return builder;
    }
}
