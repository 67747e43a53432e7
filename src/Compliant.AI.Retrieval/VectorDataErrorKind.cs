namespace Compliant.AI;

/// <summary>Why a call to a VectorData collection failed.</summary>
public enum VectorDataErrorKind
{
    /// <summary>The connector threw (for example a <c>VectorStoreException</c>): the database failed or rejected the call.</summary>
    StoreError,

    /// <summary>The call did not complete within <see cref="VectorDataChunkStoreOptions.RequestTimeout"/>.</summary>
    Timeout,

    /// <summary>
    /// The connector cannot translate the access-control or field filter into its query language. The search fails
    /// closed: it never falls back to an unfiltered search.
    /// </summary>
    FilterNotSupported,

    /// <summary>A document has more chunks than <see cref="VectorDataChunkStoreOptions.MaxChunksPerDocument"/>, so its stale chunks cannot be listed reliably.</summary>
    LimitExceeded,
}
