using System.Globalization;
using System.Net;
using Compliant.AI.Internal;

namespace Compliant.AI;

/// <summary>Thrown when a call to Qdrant fails: an error status, a timeout, an unreachable server or a malformed response.</summary>
/// <remarks>
/// The message names the operation (Qdrant's operation id, for example <c>query_points</c>), the gRPC status and the
/// server's own error text with any quoted values removed. It never contains payload text, vectors, principals or the
/// API key. <see cref="StatusCode"/> holds the HTTP status that corresponds to the gRPC status (gRPC's own mapping:
/// <c>NotFound</c> is 404, <c>PermissionDenied</c> 403, <c>Unavailable</c> 503, ...).
/// </remarks>
public class QdrantException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="QdrantException"/> class.</summary>
    public QdrantException()
        : base("The Qdrant request failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QdrantException"/> class.</summary>
    /// <param name="message">A message that contains no personal data.</param>
    public QdrantException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QdrantException"/> class.</summary>
    /// <param name="message">A message that contains no personal data.</param>
    /// <param name="innerException">The cause.</param>
    public QdrantException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QdrantException"/> class.</summary>
    /// <param name="operation">Qdrant's operation id, for example <c>upsert_points</c>.</param>
    /// <param name="kind">Why the call failed.</param>
    /// <param name="statusCode">The HTTP status code, when the server answered.</param>
    /// <param name="serverError">The server's <c>status.error</c> text, when it sent one; quoted values are removed.</param>
    /// <param name="innerException">The cause, if any.</param>
    public QdrantException(string operation, QdrantErrorKind kind, HttpStatusCode? statusCode = null, string? serverError = null, Exception? innerException = null)
        : this(operation, kind, statusCode, null, QdrantErrorText.Sanitize(serverError), innerException, prefix: null)
    {
    }

    internal QdrantException(string operation, QdrantErrorKind kind, HttpStatusCode? statusCode, global::Grpc.Core.StatusCode? grpcStatusCode, string? serverError, Exception? innerException)
        : this(operation, kind, statusCode, grpcStatusCode, QdrantErrorText.Sanitize(serverError), innerException, prefix: null)
    {
    }

    private protected QdrantException(string operation, QdrantErrorKind kind, HttpStatusCode? statusCode, global::Grpc.Core.StatusCode? grpcStatusCode, string? sanitizedServerError, Exception? innerException, string? prefix)
        : base(FormatMessage(operation, kind, statusCode, grpcStatusCode, sanitizedServerError, prefix), innerException)
    {
        Operation = operation;
        Kind = kind;
        StatusCode = statusCode;
        GrpcStatusCode = grpcStatusCode;
        ServerError = sanitizedServerError;
    }

    /// <summary>Gets Qdrant's operation id of the failed call, for example <c>query_points</c>.</summary>
    public string? Operation { get; }

    /// <summary>Gets why the call failed.</summary>
    public QdrantErrorKind Kind { get; }

    /// <summary>Gets the HTTP status that corresponds to the server's answer, or <see langword="null"/> when it did not answer.</summary>
    /// <remarks>For a gRPC failure this is the HTTP equivalent of <see cref="GrpcStatusCode"/> (for example 404 for <c>NotFound</c>).</remarks>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Gets the gRPC status of the failed call, or <see langword="null"/> when there was none (the call timed out locally, or the failure was found in an OK answer).</summary>
    public global::Grpc.Core.StatusCode? GrpcStatusCode { get; }

    /// <summary>Gets the server's error text (the gRPC status detail) with quoted values removed and truncated, or <see langword="null"/>.</summary>
    public string? ServerError { get; }

    /// <summary>Gets a value indicating whether retrying the same call later may succeed (timeouts, unreachable, 429 and 5xx).</summary>
    public bool IsTransient => Kind is QdrantErrorKind.Timeout or QdrantErrorKind.Unreachable or QdrantErrorKind.NotConfirmed
        || (Kind == QdrantErrorKind.ServerError && StatusCode is { } code && ((int)code >= 500 || code == HttpStatusCode.TooManyRequests));

    private static string FormatMessage(string operation, QdrantErrorKind kind, HttpStatusCode? statusCode, global::Grpc.Core.StatusCode? grpcStatusCode, string? serverError, string? prefix)
    {
        string what = kind switch
        {
            QdrantErrorKind.ServerError => "the server answered with an error",
            QdrantErrorKind.Timeout => "the request timed out",
            QdrantErrorKind.Unreachable => "the server could not be reached",
            QdrantErrorKind.InvalidResponse => "the response is not shaped as Qdrant's API documents it",
            QdrantErrorKind.NotConfirmed => "the server did not confirm the write within its wait timeout",
            _ => "the request failed",
        };

        string message = string.Create(CultureInfo.InvariantCulture, $"Qdrant {operation} failed: {what}");
        if (grpcStatusCode is { } grpc && grpc != global::Grpc.Core.StatusCode.OK)
        {
            message += string.Create(CultureInfo.InvariantCulture, $" (gRPC {grpc})");
        }
        else if (statusCode is { } code)
        {
            message += string.Create(CultureInfo.InvariantCulture, $" (HTTP {(int)code})");
        }

        if (!string.IsNullOrEmpty(serverError))
        {
            message += ": " + serverError;
        }

        message += ".";
        return prefix is null ? message : prefix + " " + message;
    }
}
