namespace Compliant.AI.Testing;

/// <summary>A retriever that answers every request with the same passages, at most the request's <see cref="RetrievalRequest.TopK"/> of them.</summary>
/// <remarks>
/// When the passages fit within <see cref="RetrievalRequest.TopK"/> every call returns the same completed task and result,
/// so that a benchmark measures no retrieval cost; otherwise a call returns a new result holding the first
/// <see cref="RetrievalRequest.TopK"/> passages, the same denied count and evidence flag.
/// </remarks>
public sealed class FixedRetriever : IRetriever
{
    private readonly RetrievalResult _result;
    private readonly Task<RetrievalResult> _task;

    /// <summary>Initializes a new instance of the <see cref="FixedRetriever"/> class that returns <paramref name="result"/>.</summary>
    public FixedRetriever(RetrievalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _result = result;
        _task = Task.FromResult(result);
    }

    /// <summary>Initializes a new instance of the <see cref="FixedRetriever"/> class that returns <paramref name="passages"/> and withholds none.</summary>
    public FixedRetriever(params RetrievedPassage[] passages)
        : this(0, passages)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FixedRetriever"/> class that returns <paramref name="passages"/> and reports <paramref name="deniedCount"/> withheld.</summary>
    public FixedRetriever(int deniedCount, params RetrievedPassage[] passages)
        : this(new RetrievalResult(passages, deniedCount))
    {
    }

    /// <inheritdoc />
    public Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _result.Passages.Count <= request.TopK
            ? _task
            : Task.FromResult(new RetrievalResult(_result.Passages.Take(request.TopK).ToList(), _result.DeniedCount, _result.HasEvidence && request.TopK > 0) { EvidenceScore = _result.EvidenceScore });
    }
}
