using Microsoft.Extensions.AI;

namespace Compliant.AI;

/// <summary>Reads the <see cref="GroundingResult"/> the grounding stage attaches to a response.</summary>
public static class GroundingResponseExtensions
{
    /// <summary>Gets the grounding verdict of a response, or <see langword="null"/> when no grounding stage produced it.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The result, or <see langword="null"/>.</returns>
    public static GroundingResult? GetGroundingResult(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Read(response.AdditionalProperties);
    }

    /// <summary>Gets the grounding verdict carried by a streaming update (the final one), or <see langword="null"/>.</summary>
    /// <param name="update">The update.</param>
    /// <returns>The result, or <see langword="null"/>.</returns>
    public static GroundingResult? GetGroundingResult(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return Read(update.AdditionalProperties);
    }

    private static GroundingResult? Read(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(GroundingResult.AdditionalPropertiesKey, out object? value)
            ? value as GroundingResult
            : null;
}
