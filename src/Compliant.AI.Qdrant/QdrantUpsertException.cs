using System.Globalization;

namespace Compliant.AI;

/// <summary>Thrown when a batched upsert to Qdrant fails part-way; it tells exactly which batch failed and what was written.</summary>
/// <remarks>
/// Batches are sent in order and each is confirmed (<c>wait=true</c>) before the next is sent, so the points of the
/// batches before <see cref="FailedBatchIndex"/> are written, the failed batch may or may not be, and no later batch
/// was sent. Upserts are idempotent (point ids are derived from chunk ids), so re-sending the same chunks is safe.
/// </remarks>
public sealed class QdrantUpsertException : QdrantException
{
    /// <summary>Initializes a new instance of the <see cref="QdrantUpsertException"/> class.</summary>
    /// <param name="failedBatchIndex">The zero-based index of the batch that failed.</param>
    /// <param name="batchCount">How many batches the upsert had.</param>
    /// <param name="pointsWritten">How many points were confirmed written before the failure.</param>
    /// <param name="pointsNotConfirmed">How many points (the failed batch and every later one) are not confirmed.</param>
    /// <param name="notConfirmedChunkIds">The chunk ids that are not confirmed written, so a caller can retry just those.</param>
    /// <param name="innerException">The failure of the batch.</param>
    public QdrantUpsertException(int failedBatchIndex, int batchCount, int pointsWritten, int pointsNotConfirmed, IReadOnlyList<string> notConfirmedChunkIds, QdrantException innerException)
        : base(
            innerException?.Operation ?? "upsert_points",
            innerException?.Kind ?? QdrantErrorKind.ServerError,
            innerException?.StatusCode,
            innerException?.GrpcStatusCode,
            innerException?.ServerError,
            innerException,
            string.Create(CultureInfo.InvariantCulture, $"Upsert batch {failedBatchIndex + 1} of {batchCount} failed; {pointsWritten} point(s) were written and confirmed before it, {pointsNotConfirmed} are not confirmed."))
    {
        ArgumentNullException.ThrowIfNull(innerException);
        ArgumentNullException.ThrowIfNull(notConfirmedChunkIds);
        FailedBatchIndex = failedBatchIndex;
        BatchCount = batchCount;
        PointsWritten = pointsWritten;
        PointsNotConfirmed = pointsNotConfirmed;
        NotConfirmedChunkIds = notConfirmedChunkIds;
    }

    /// <summary>Gets the zero-based index of the batch that failed.</summary>
    public int FailedBatchIndex { get; }

    /// <summary>Gets how many batches the upsert had.</summary>
    public int BatchCount { get; }

    /// <summary>Gets how many points were written and confirmed before the failure.</summary>
    public int PointsWritten { get; }

    /// <summary>Gets how many points are not confirmed written (the failed batch and every batch after it).</summary>
    public int PointsNotConfirmed { get; }

    /// <summary>Gets the chunk ids that are not confirmed written.</summary>
    /// <remarks>Chunk ids are identifiers, not content; they are deliberately kept out of <see cref="Exception.Message"/>.</remarks>
    public IReadOnlyList<string> NotConfirmedChunkIds { get; }
}
