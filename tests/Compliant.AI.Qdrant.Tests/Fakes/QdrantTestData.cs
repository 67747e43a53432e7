using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.Fakes;

/// <summary>Builds chunks, vectors and stores for the Qdrant tests (4-dimensional vectors unless told otherwise).</summary>
public static class QdrantTestData
{
    public const int Dimensions = 4;

    public static QdrantOptions Options(int batchSize = 128, int scrollPage = 256, TimeSpan? timeout = null, string collection = "test_chunks") => new()
    {
        Endpoint = new Uri("http://qdrant.test:6334"),
        Collection = collection,
        VectorSize = Dimensions,
        UpsertBatchSize = batchSize,
        ScrollPageSize = scrollPage,
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(30),
    };

    public static QdrantVectorStore Store(FakeQdrantServer server, QdrantOptions? options = null, TimeProvider? timeProvider = null) =>
        new(server.CreateClient(), options ?? Options(), timeProvider);

    public static DocumentChunk Chunk(string documentId, int ordinal, string text, IReadOnlyList<string>? acl = null, string? classification = null, string documentHash = "hash-v1", IReadOnlyDictionary<string, string>? metadata = null)
    {
        string contentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new DocumentChunk
        {
            Id = DocumentChunk.CreateId(documentId, ordinal, contentHash),
            DocumentId = documentId,
            Ordinal = ordinal,
            ContentHash = contentHash,
            DocumentHash = documentHash,
            Text = text,
            Start = ordinal * 100,
            End = (ordinal * 100) + text.Length,
            AllowedPrincipals = acl ?? [PrincipalNames.Everyone],
            Title = "Title of " + documentId,
            SectionPath = "Section",
            SourceUri = "file:///" + documentId + ".md",
            Classification = classification,
            Version = "1",
            IngestedAt = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero),
            Metadata = metadata,
        };
    }

    /// <summary>A payload written as JSON (for points another tool might have written), as Qdrant would store it.</summary>
    public static MapField<string, Value> Payload(string json)
    {
        var payload = new MapField<string, Value>();
        foreach (JsonProperty property in JsonDocument.Parse(json).RootElement.EnumerateObject())
        {
            payload[property.Name] = ToValue(property.Value);
        }

        return payload;
    }

    private static Value ToValue(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return new Value { StringValue = element.GetString() };
            case JsonValueKind.Number:
                return element.TryGetInt64(out long l) ? new Value { IntegerValue = l } : new Value { DoubleValue = element.GetDouble() };
            case JsonValueKind.True:
            case JsonValueKind.False:
                return new Value { BoolValue = element.GetBoolean() };
            case JsonValueKind.Array:
                var list = new ListValue();
                list.Values.Add(element.EnumerateArray().Select(ToValue));
                return new Value { ListValue = list };
            case JsonValueKind.Object:
                var fields = new Struct();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    fields.Fields[property.Name] = ToValue(property.Value);
                }

                return new Value { StructValue = fields };
            default:
                return new Value { NullValue = NullValue.NullValue };
        }
    }

    public static EmbeddedChunk Embedded(DocumentChunk chunk, params float[] vector) =>
        new(chunk, vector.Length == 0 ? VectorFor(chunk.Text) : vector);

    /// <summary>A deterministic, non-zero 4-dimensional vector for a text.</summary>
    public static float[] VectorFor(string text)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return [.. Enumerable.Range(0, Dimensions).Select(i => (hash[i] / 255f) + 0.01f)];
    }
}

/// <summary>An embedding generator that returns <see cref="QdrantTestData.VectorFor"/>, or a fixed vector per text when given.</summary>
public sealed class FakeEmbeddingGenerator(IReadOnlyDictionary<string, float[]>? vectors = null) : IEmbeddingGenerator<string, Embedding<float>>
{
    public int Calls { get; private set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        var result = new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(vectors is not null && vectors.TryGetValue(v, out float[]? fixedVector) ? fixedVector : QdrantTestData.VectorFor(v))));
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
