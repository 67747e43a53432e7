using System.Net;
using Microsoft.Extensions.Logging;

namespace Compliant.AI.Internal;

/// <summary>Source-generated log messages of the Qdrant package (EventIds 1280-1299 of the retrieval range).</summary>
/// <remarks>Messages carry operation names, collection names, counts and status codes only.</remarks>
internal static partial class QdrantLog
{
    [LoggerMessage(EventId = 1280, Level = LogLevel.Warning, Message = "Qdrant {Operation} failed ({Kind}, HTTP {StatusCode}).")]
    public static partial void RequestFailed(ILogger logger, string operation, QdrantErrorKind kind, HttpStatusCode? statusCode);

    [LoggerMessage(EventId = 1281, Level = LogLevel.Information, Message = "Created Qdrant collection {Collection} ({VectorSize} dimensions, {Distance}) with payload indexes.")]
    public static partial void CollectionCreated(ILogger logger, string collection, int vectorSize, QdrantDistance distance);

    [LoggerMessage(EventId = 1282, Level = LogLevel.Warning, Message = "Qdrant {Operation} returned {Count} point(s) whose payload is not in Compliant.AI's layout; they were skipped.")]
    public static partial void MalformedPoints(ILogger logger, string operation, int count);

    [LoggerMessage(EventId = 1283, Level = LogLevel.Warning, Message = "The access post-check withheld {Count} point(s) that Qdrant returned despite the access pre-filter.")]
    public static partial void PostCheckDenied(ILogger logger, int count);

    [LoggerMessage(EventId = 1284, Level = LogLevel.Error, Message = "Qdrant upsert batch {BatchNumber} of {BatchCount} failed; {PointsWritten} point(s) were confirmed before it.")]
    public static partial void UpsertBatchFailed(ILogger logger, int batchNumber, int batchCount, int pointsWritten);

    [LoggerMessage(EventId = 1285, Level = LogLevel.Debug, Message = "Upserted {PointCount} point(s) into Qdrant collection {Collection} in {BatchCount} batch(es).")]
    public static partial void Upserted(ILogger logger, int pointCount, string collection, int batchCount);

    [LoggerMessage(EventId = 1286, Level = LogLevel.Debug, Message = "Deleted points of one document from Qdrant collection {Collection} ({KeptCount} current chunk(s) kept).")]
    public static partial void DocumentPointsDeleted(ILogger logger, string collection, int keptCount);
}
