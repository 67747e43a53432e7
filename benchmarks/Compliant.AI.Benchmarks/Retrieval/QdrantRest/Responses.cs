// The REST connector Compliant.AI.Qdrant shipped until it moved onto Qdrant.Client (gRPC); kept here unchanged except
// for its namespace, only as the baseline of QdrantConnectorBenchmarks. Not shipped.
using System.Text.Json;

namespace Compliant.AI.Benchmarks.Retrieval.QdrantRest.Wire;

// Response bodies of the Qdrant REST API (openapi v1.19): every response is wrapped as
// { "result": ..., "status": "ok" | { "error": "..." }, "time": 0.002, "usage": ... }.

/// <summary>The response envelope; <see cref="Status"/> is the string <c>ok</c> on success and an object with <c>error</c> on failure.</summary>
internal sealed class QdrantResponse<T>
{
    public T? Result { get; init; }

    public JsonElement Status { get; init; }

    public double? Time { get; init; }
}

/// <summary><c>CollectionExistence</c>.</summary>
internal sealed class CollectionExistence
{
    public bool Exists { get; init; }
}

/// <summary><c>UpdateResult</c>; <see cref="Status"/> is one of <c>acknowledged</c>, <c>completed</c>, <c>wait_timeout</c>.</summary>
internal sealed class UpdateResult
{
    public ulong? OperationId { get; init; }

    public string? Status { get; init; }
}

/// <summary><c>QueryResponse</c>.</summary>
internal sealed class QueryResponse
{
    public List<ScoredPoint>? Points { get; init; }
}

/// <summary><c>ScoredPoint</c>; the id is an <c>ExtendedPointId</c> (unsigned integer or UUID string).</summary>
internal sealed class ScoredPoint
{
    public JsonElement Id { get; init; }

    public ulong Version { get; init; }

    public double Score { get; init; }

    public JsonElement? Payload { get; init; }
}

/// <summary><c>ScrollResult</c>.</summary>
internal sealed class ScrollResult
{
    public List<PointRecord>? Points { get; init; }

    public JsonElement? NextPageOffset { get; init; }
}

/// <summary><c>Record</c>.</summary>
internal sealed class PointRecord
{
    public JsonElement Id { get; init; }

    public JsonElement? Payload { get; init; }

    public JsonElement? Vector { get; init; }
}

/// <summary><c>CountResult</c>.</summary>
internal sealed class CountResult
{
    public ulong Count { get; init; }
}

/// <summary><c>ErrorResponse</c>.</summary>
internal sealed class ErrorResponse
{
    public JsonElement? Status { get; init; }
}
