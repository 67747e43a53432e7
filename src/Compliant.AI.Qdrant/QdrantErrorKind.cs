namespace Compliant.AI;

/// <summary>Why a call to Qdrant failed.</summary>
public enum QdrantErrorKind
{
    /// <summary>Qdrant answered with an error status (for example gRPC <c>NotFound</c>, <c>PermissionDenied</c>, <c>InvalidArgument</c>); <see cref="QdrantException.GrpcStatusCode"/>, <see cref="QdrantException.StatusCode"/> and <see cref="QdrantException.ServerError"/> tell which.</summary>
    ServerError,

    /// <summary>The request did not complete within <see cref="QdrantOptions.RequestTimeout"/> (locally, or the server answered gRPC <c>DeadlineExceeded</c>).</summary>
    Timeout,

    /// <summary>The server could not be reached (connection refused, DNS failure, TLS failure, connection reset: gRPC <c>Unavailable</c>).</summary>
    Unreachable,

    /// <summary>The server answered, but not with a response shaped as Qdrant's API documents it.</summary>
    InvalidResponse,

    /// <summary>A write with <c>wait=true</c> was accepted but not confirmed as applied (<c>wait_timeout</c>).</summary>
    NotConfirmed,
}
