using System.Globalization;

namespace Compliant.AI;

/// <summary>Thrown when <see cref="VectorDataChunkStore"/> cannot complete a call to its VectorData collection.</summary>
/// <remarks>
/// The message names the collection, the operation and <see cref="Kind"/> only; the connector's own exception (which may
/// quote values) is kept as <see cref="Exception.InnerException"/> and never copied into the message. Never contains chunk
/// text, vectors or principals.
/// </remarks>
public class VectorDataChunkStoreException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="VectorDataChunkStoreException"/> class.</summary>
    public VectorDataChunkStoreException()
        : base("The VectorData collection call failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VectorDataChunkStoreException"/> class.</summary>
    /// <param name="message">A message that contains no personal data.</param>
    public VectorDataChunkStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VectorDataChunkStoreException"/> class.</summary>
    /// <param name="message">A message that contains no personal data.</param>
    /// <param name="innerException">The cause.</param>
    public VectorDataChunkStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VectorDataChunkStoreException"/> class.</summary>
    /// <param name="collectionName">The name of the collection.</param>
    /// <param name="operation">The store operation, for example <c>search</c> or <c>upsert</c>.</param>
    /// <param name="kind">Why the call failed.</param>
    /// <param name="innerException">The cause, if any.</param>
    public VectorDataChunkStoreException(string? collectionName, string operation, VectorDataErrorKind kind, Exception? innerException = null)
        : base(FormatMessage(collectionName, operation, kind), innerException)
    {
        CollectionName = collectionName;
        Operation = operation;
        Kind = kind;
    }

    /// <summary>Gets the name of the collection, when known.</summary>
    public string? CollectionName { get; }

    /// <summary>Gets the store operation that failed: <c>ensure_collection</c>, <c>list_document</c>, <c>upsert</c>, <c>delete</c> or <c>search</c>.</summary>
    public string? Operation { get; }

    /// <summary>Gets why the call failed.</summary>
    public VectorDataErrorKind Kind { get; }

    private static string FormatMessage(string? collectionName, string operation, VectorDataErrorKind kind)
    {
        string what = kind switch
        {
            VectorDataErrorKind.Timeout => "the call timed out",
            VectorDataErrorKind.FilterNotSupported => "the connector cannot translate the access-control filter (the search fails closed)",
            VectorDataErrorKind.LimitExceeded => "the document has more chunks than MaxChunksPerDocument",
            _ => "the connector failed",
        };
        return string.Create(CultureInfo.InvariantCulture, $"VectorData collection '{collectionName}' {operation} failed: {what}.");
    }
}
