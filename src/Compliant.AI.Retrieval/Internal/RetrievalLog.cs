using Microsoft.Extensions.Logging;

namespace Compliant.AI.Retrieval.Internal;

/// <summary>Retrieval log messages (event ids 1200-1299). Counts and codes only: never text, ids of people, or principals.</summary>
internal static partial class RetrievalLog
{
    [LoggerMessage(1200, LogLevel.Debug, "Retrieval by {Retriever} returned {ResultCount} passages ({DeniedCount} withheld), evidence: {HasEvidence}.")]
    public static partial void RetrievalCompleted(ILogger logger, string retriever, int resultCount, int deniedCount, bool hasEvidence);

    [LoggerMessage(1201, LogLevel.Warning, "Retrieval post-check withheld {Count} passages the store returned although the caller may not read them; the store's pre-filter is not applied correctly.")]
    public static partial void PostCheckDenied(ILogger logger, int count);

    [LoggerMessage(1210, LogLevel.Warning, "Ingestion of document #{Index} failed: {ErrorCode}.")]
    public static partial void DocumentFailed(ILogger logger, int index, string errorCode);

    [LoggerMessage(1211, LogLevel.Information, "Ingestion finished: {Added} added, {Updated} updated, {Unchanged} unchanged, {Failed} failed, {Chunks} chunks written.")]
    public static partial void IngestionCompleted(ILogger logger, int added, int updated, int unchanged, int failed, int chunks);

    [LoggerMessage(1220, LogLevel.Warning, "The VectorData collection returned {Count} records the access filter excludes; they were withheld. The connector does not apply the filter inside its query.")]
    public static partial void VectorDataPostCheckDenied(ILogger logger, int count);

    [LoggerMessage(1221, LogLevel.Warning, "The VectorData collection returned {Count} malformed records in {Operation}; they were skipped.")]
    public static partial void VectorDataMalformedRecords(ILogger logger, string operation, int count);

    [LoggerMessage(1222, LogLevel.Warning, "VectorData collection {Collection} {Operation} failed: {Kind}.")]
    public static partial void VectorDataCallFailed(ILogger logger, string? collection, string operation, VectorDataErrorKind kind);
}
