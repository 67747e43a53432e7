namespace Compliant.AI;

/// <summary>Why a call to Qdrant failed.</summary>
public enum QdrantErrorKind
{
    /// <summary>Qdrant answered with an error status (4xx or 5xx); <see cref="QdrantException.StatusCode"/> and <see cref="QdrantException.ServerError"/> tell which.</summary>
    ServerError,

    /// <summary>The request did not complete within <see cref="QdrantOptions.RequestTimeout"/>.</summary>
    Timeout,

    /// <summary>The server could not be reached (connection refused, DNS failure, TLS failure, connection reset).</summary>
    Unreachable,

    /// <summary>The server answered, but not with a response shaped as Qdrant's API documents it.</summary>
    InvalidResponse,

    /// <summary>An upsert with <c>wait=true</c> was accepted but not confirmed as applied (<c>wait_timeout</c>).</summary>
    NotConfirmed,
}
