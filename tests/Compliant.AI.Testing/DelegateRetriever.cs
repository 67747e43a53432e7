namespace Compliant.AI.Testing;

/// <summary>A retriever that answers every request with what a function returns for it.</summary>
/// <remarks>Throws <see cref="OperationCanceledException"/> when the call's token is already cancelled, as a real retriever would.</remarks>
public sealed class DelegateRetriever(Func<RetrievalRequest, RetrievalResult> retrieve) : IRetriever
{
    /// <inheritdoc />
    public Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(retrieve(request));
    }
}
