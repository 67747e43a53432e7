using Compliant.AI;

namespace PolicyAssistant.Chaos;

/// <summary>
/// A retriever gone wrong (a stale or mismatched index, a broken embedding deployment): whatever is asked, it returns
/// the real index's passages for another, unrelated query, with that query's confident scores and evidence. The
/// caller's access rights still apply: the decoy query runs as the same caller.
/// </summary>
public sealed class IrrelevantPassagesRetriever(IRetriever inner, string decoyQuery = IrrelevantPassagesRetriever.DefaultDecoyQuery) : IRetriever
{
    /// <summary>The query whose passages are returned instead: the password policy, unrelated to most questions.</summary>
    public const string DefaultDecoyQuery = "minimum password length and complexity for user accounts";

    public Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default) =>
        inner.RetrieveAsync(new RetrievalRequest(decoyQuery, request.Caller) { TopK = request.TopK, Filters = request.Filters }, cancellationToken);
}
