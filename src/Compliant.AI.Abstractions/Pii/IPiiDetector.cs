namespace Compliant.AI;

/// <summary>Finds personal data in text.</summary>
/// <remarks>Implementations are thread-safe, finish in time linear in the text length, and never throw for odd input.</remarks>
public interface IPiiDetector
{
    /// <summary>Detects entities in <paramref name="text"/>.</summary>
    /// <param name="text">The text to scan.</param>
    /// <param name="cancellationToken">A token to cancel the scan.</param>
    /// <returns>Non-overlapping entities ordered by <see cref="PiiEntity.Start"/>.</returns>
    IReadOnlyList<PiiEntity> Detect(string text, CancellationToken cancellationToken = default);
}
