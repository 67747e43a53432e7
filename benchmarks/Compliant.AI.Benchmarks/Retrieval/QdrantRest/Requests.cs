// The REST connector Compliant.AI.Qdrant shipped until it moved onto Qdrant.Client (gRPC); kept here unchanged except
// for its namespace, only as the baseline of QdrantConnectorBenchmarks. Not shipped.
using System.Text.Json;

namespace Compliant.AI.Benchmarks.Retrieval.QdrantRest.Wire;

// Request bodies of the Qdrant REST API (openapi v1.19). Names follow the spec's component schemas; members are
// serialized in snake_case and omitted when null (see QdrantJsonContext). Kept together as one wire vocabulary.

/// <summary><c>CreateCollection</c> with a single unnamed dense vector.</summary>
internal sealed class CreateCollectionRequest
{
    public required VectorParams Vectors { get; init; }
}

/// <summary><c>VectorParams</c>.</summary>
internal sealed class VectorParams
{
    public required long Size { get; init; }

    public required string Distance { get; init; }
}

/// <summary><c>CreateFieldIndex</c> with a <c>PayloadSchemaType</c> name such as <c>keyword</c>.</summary>
internal sealed class CreateFieldIndexRequest
{
    public required string FieldName { get; init; }

    public required string FieldSchema { get; init; }
}

/// <summary><c>PointsList</c>.</summary>
internal sealed class UpsertPointsRequest
{
    public required IReadOnlyList<PointStruct> Points { get; init; }
}

/// <summary><c>PointStruct</c> with a UUID id and a single dense vector.</summary>
internal sealed class PointStruct
{
    public required string Id { get; init; }

    public required ReadOnlyMemory<float> Vector { get; init; }

    public required ChunkPayload Payload { get; init; }
}

/// <summary><c>QueryRequest</c> with a dense vector as the query (<c>VectorInput</c>).</summary>
internal sealed class QueryPointsRequest
{
    public required ReadOnlyMemory<float> Query { get; init; }

    public Filter? Filter { get; init; }

    public required int Limit { get; init; }

    public float? ScoreThreshold { get; init; }

    public bool WithPayload { get; init; } = true;

    public bool WithVector { get; init; }
}

/// <summary><c>FilterSelector</c> of <c>PointsSelector</c>.</summary>
internal sealed class DeletePointsRequest
{
    public required Filter Filter { get; init; }
}

/// <summary><c>ScrollRequest</c>.</summary>
internal sealed class ScrollPointsRequest
{
    public Filter? Filter { get; init; }

    public required int Limit { get; init; }

    /// <summary>The <c>next_page_offset</c> of the previous page (an <c>ExtendedPointId</c>), or null for the first page.</summary>
    public JsonElement? Offset { get; init; }

    /// <summary>A <c>WithPayloadInterface</c>: <c>true</c> or a list of payload keys.</summary>
    public JsonElement WithPayload { get; init; } = WithPayloadValues.All;

    public bool WithVector { get; init; }
}

/// <summary><c>CountRequest</c>.</summary>
internal sealed class CountPointsRequest
{
    public Filter? Filter { get; init; }

    public bool Exact { get; init; } = true;
}

/// <summary><c>Filter</c>: every <c>must</c> condition, at least one <c>should</c> condition, no <c>must_not</c> condition.</summary>
internal sealed class Filter
{
    public IReadOnlyList<Condition>? Must { get; init; }

    public IReadOnlyList<Condition>? Should { get; init; }

    public IReadOnlyList<Condition>? MustNot { get; init; }
}

/// <summary>
/// <c>Condition</c>: exactly one of a <c>FieldCondition</c> (<see cref="Key"/> + <see cref="Match"/>), a
/// <c>HasIdCondition</c> (<see cref="HasId"/>) or a nested <c>Filter</c> (<see cref="Must"/>/<see cref="Should"/>/<see cref="MustNot"/>).
/// One class covers the three shapes so that serialization needs no polymorphism; factory methods build valid ones only.
/// </summary>
internal sealed class Condition
{
    public string? Key { get; private init; }

    public Match? Match { get; private init; }

    public IReadOnlyList<string>? HasId { get; private init; }

    public IReadOnlyList<Condition>? Must { get; private init; }

    public IReadOnlyList<Condition>? Should { get; private init; }

    public IReadOnlyList<Condition>? MustNot { get; private init; }

    public static Condition MatchValue(string key, string value) => new() { Key = key, Match = new Match { Value = value } };

    public static Condition MatchAny(string key, IReadOnlyList<string> values) => new() { Key = key, Match = new Match { Any = values } };

    public static Condition HasIds(IReadOnlyList<string> ids) => new() { HasId = ids };

    public static Condition Nested(Filter filter) => new() { Must = filter.Must, Should = filter.Should, MustNot = filter.MustNot };
}

/// <summary><c>MatchValue</c> (<see cref="Value"/>) or <c>MatchAny</c> (<see cref="Any"/>) on strings.</summary>
internal sealed class Match
{
    public string? Value { get; init; }

    public IReadOnlyList<string>? Any { get; init; }
}

/// <summary>The payload Compliant.AI stores with every point. See docs/qdrant.md for the layout.</summary>
internal sealed class ChunkPayload
{
    public required string ChunkId { get; init; }

    public required string DocumentId { get; init; }

    public required string Text { get; init; }

    public required IReadOnlyList<string> Acl { get; init; }

    public string? Title { get; init; }

    public string? Source { get; init; }

    public string? SectionPath { get; init; }

    public int Start { get; init; }

    public int End { get; init; }

    public string? Classification { get; init; }

    public string? ContentHash { get; init; }

    public string? DocumentHash { get; init; }

    public int Ordinal { get; init; }

    public string? Version { get; init; }

    public DateTimeOffset? IngestedAt { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>Pre-built <c>WithPayloadInterface</c> values.</summary>
internal static class WithPayloadValues
{
    public static readonly JsonElement All = JsonElement.Parse("true");

    public static readonly JsonElement DocumentHashOnly = JsonElement.Parse("[\"document_hash\"]");
}
