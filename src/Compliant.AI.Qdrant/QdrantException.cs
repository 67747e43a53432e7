using System.Globalization;
using System.Net;
using Compliant.AI.Internal;

namespace Compliant.AI;

/// <summary>Thrown when a call to Qdrant fails: an error status, a timeout, an unreachable server or a malformed response.</summary>
/// <remarks>
/// The message names the operation (Qdrant's operation id, for example <c>query_points</c>), the HTTP status and the
/// server's own <c>status.error</c> text with any quoted values removed. It never contains payload text, vectors,
/// principals or the API key.
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
        : this(operation, kind, statusCode, QdrantErrorText.Sanitize(serverError), innerException, prefix: null)
    {
    }

    private protected QdrantException(string operation, QdrantErrorKind kind, HttpStatusCode? statusCode, string? sanitizedServerError, Exception? innerException, string? prefix)
        : base(FormatMessage(operation, kind, statusCode, sanitizedServerError, prefix), innerException)
    {
        Operation = operation;
        Kind = kind;
        StatusCode = statusCode;
        ServerError = sanitizedServerError;
    }

    /// <summary>Gets Qdrant's operation id of the failed call, for example <c>query_points</c>.</summary>
    public string? Operation { get; }

    /// <summary>Gets why the call failed.</summary>
    public QdrantErrorKind Kind { get; }

    /// <summary>Gets the HTTP status code the server answered with, or <see langword="null"/> when it did not answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Gets the server's <c>status.error</c> text with quoted values removed and truncated, or <see langword="null"/>.</summary>
    public string? ServerError { get; }

    /// <summary>Gets a value indicating whether retrying the same call later may succeed (timeouts, unreachable, 429 and 5xx).</summary>
    public bool IsTransient => Kind is QdrantErrorKind.Timeout or QdrantErrorKind.Unreachable or QdrantErrorKind.NotConfirmed
        || (Kind == QdrantErrorKind.ServerError && StatusCode is { } code && ((int)code >= 500 || code == HttpStatusCode.TooManyRequests));

    private static string FormatMessage(string operation, QdrantErrorKind kind, HttpStatusCode? statusCode, string? serverError, string? prefix)
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
        if (statusCode is { } code)
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
