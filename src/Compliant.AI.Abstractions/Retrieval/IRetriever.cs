namespace Compliant.AI;

/// <summary>Finds the passages that best answer a query among those the caller may read.</summary>
/// <remarks>
/// Implementations filter by <see cref="RetrievalRequest.Caller"/> inside the store query and check every returned
/// passage again; a passage the caller may not read is never returned, logged or traced. Implementations are thread-safe.
/// </remarks>
public interface IRetriever
{
    /// <summary>Retrieves ranked passages for a query.</summary>
    /// <param name="request">The query, the caller and the limits.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The ranked passages, best first, with the evidence signal.</returns>
    Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default);
}
