namespace Compliant.AI;

/// <summary>The price of one model, per million tokens, in <see cref="CostControlOptions.Currency"/>.</summary>
public sealed class ModelPrice
{
    /// <summary>Gets or sets the price of one million input (prompt) tokens that were not served from the provider's prompt cache.</summary>
    /// <value>The default is 0.</value>
    public decimal InputPerMillionTokens { get; set; }

    /// <summary>Gets or sets the price of one million output (completion) tokens, reasoning tokens included.</summary>
    /// <value>The default is 0.</value>
    public decimal OutputPerMillionTokens { get; set; }

    /// <summary>Gets or sets the price of one million input tokens served from the provider's prompt cache.</summary>
    /// <value>The default is <see langword="null"/>: cached tokens cost the same as other input tokens.</value>
    public decimal? CachedInputPerMillionTokens { get; set; }

    /// <summary>Computes the cost of a call.</summary>
    /// <param name="inputTokens">All input tokens, cached ones included.</param>
    /// <param name="cachedInputTokens">The input tokens served from the cache (a subset of <paramref name="inputTokens"/>).</param>
    /// <param name="outputTokens">The output tokens.</param>
    /// <returns>The cost in <see cref="CostControlOptions.Currency"/>.</returns>
    public decimal Cost(long inputTokens, long cachedInputTokens, long outputTokens)
    {
        long cached = Math.Clamp(cachedInputTokens, 0, Math.Max(inputTokens, 0));
        long uncached = Math.Max(inputTokens, 0) - cached;
        return ((uncached * InputPerMillionTokens)
                + (cached * (CachedInputPerMillionTokens ?? InputPerMillionTokens))
                + (Math.Max(outputTokens, 0) * OutputPerMillionTokens)) / 1_000_000m;
    }
}
