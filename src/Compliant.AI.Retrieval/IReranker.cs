namespace Compliant.AI;

/// <summary>Re-orders the top passages of a retrieval, for example with a cross-encoder.</summary>
/// <remarks>
/// Rerankers see only passages the caller may read. They may drop passages and change scores; they must not add
/// passages that were not given to them (retrievers ignore any they do not know).
/// </remarks>
public interface IReranker
{
    /// <summary>Re-orders passages for a query.</summary>
    /// <param name="query">The query text.</param>
    /// <param name="passages">The candidate passages, best first by the first-stage retriever.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The passages in their new order, best first.</returns>
    Task<IReadOnlyList<RetrievedPassage>> RerankAsync(string query, IReadOnlyList<RetrievedPassage> passages, CancellationToken cancellationToken = default);
}
