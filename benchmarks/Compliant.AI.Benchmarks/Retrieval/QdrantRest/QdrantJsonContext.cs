// The REST connector Compliant.AI.Qdrant shipped until it moved onto Qdrant.Client (gRPC); kept here unchanged except
// for its namespace, only as the baseline of QdrantConnectorBenchmarks. Not shipped.
using System.Text.Json.Serialization;

namespace Compliant.AI.Benchmarks.Retrieval.QdrantRest.Wire;

/// <summary>Source-generated JSON metadata for the Qdrant wire types (no reflection; trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(CreateCollectionRequest))]
[JsonSerializable(typeof(CreateFieldIndexRequest))]
[JsonSerializable(typeof(UpsertPointsRequest))]
[JsonSerializable(typeof(QueryPointsRequest))]
[JsonSerializable(typeof(DeletePointsRequest))]
[JsonSerializable(typeof(ScrollPointsRequest))]
[JsonSerializable(typeof(CountPointsRequest))]
[JsonSerializable(typeof(QdrantResponse<bool>))]
[JsonSerializable(typeof(QdrantResponse<CollectionExistence>))]
[JsonSerializable(typeof(QdrantResponse<UpdateResult>))]
[JsonSerializable(typeof(QdrantResponse<QueryResponse>))]
[JsonSerializable(typeof(QdrantResponse<ScrollResult>))]
[JsonSerializable(typeof(QdrantResponse<CountResult>))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class QdrantJsonContext : JsonSerializerContext;
