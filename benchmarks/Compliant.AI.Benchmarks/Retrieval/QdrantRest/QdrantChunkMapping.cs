// The REST connector Compliant.AI.Qdrant shipped until it moved onto Qdrant.Client (gRPC); kept here unchanged except
// for its namespace, only as the baseline of QdrantConnectorBenchmarks. Not shipped.
using Compliant.AI.Internal;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Compliant.AI.Benchmarks.Retrieval.QdrantRest.Wire;

namespace Compliant.AI.Benchmarks.Retrieval.QdrantRest;

/// <summary>Maps <see cref="DocumentChunk"/> to Qdrant points and back.</summary>
/// <remarks>
/// Reading is defensive: a payload that lacks a required field or has one of the wrong type (a point written by another
/// tool, a corrupted point) is reported as malformed and skipped, and a missing or malformed <c>acl</c> never grants access.
/// </remarks>
internal static class QdrantChunkMapping
{
    public static PointStruct ToPoint(EmbeddedChunk embedded)
    {
        DocumentChunk chunk = embedded.Chunk;
        return new PointStruct
        {
            Id = QdrantPointId.FromChunkId(chunk.Id),
            Vector = embedded.Vector,
            Payload = new ChunkPayload
            {
                ChunkId = chunk.Id,
                DocumentId = chunk.DocumentId,
                Ordinal = chunk.Ordinal,
                Text = chunk.Text,
                Start = chunk.Start,
                End = chunk.End,
                Acl = chunk.AllowedPrincipals,
                Title = chunk.Title,
                SectionPath = chunk.SectionPath,
                Source = chunk.SourceUri,
                Classification = chunk.Classification,
                Version = chunk.Version,
                ContentHash = chunk.ContentHash,
                DocumentHash = chunk.DocumentHash,
                IngestedAt = chunk.IngestedAt == default ? null : chunk.IngestedAt,
                Metadata = chunk.Metadata is { Count: > 0 } ? chunk.Metadata : null,
            },
        };
    }

    public static bool TryReadChunk(JsonElement? payload, [NotNullWhen(true)] out DocumentChunk? chunk)
    {
        chunk = null;
        if (payload is not { ValueKind: JsonValueKind.Object } p)
        {
            return false;
        }

        if (!TryString(p, "chunk_id", out string? chunkId) || !TryString(p, "document_id", out string? documentId)
            || !TryString(p, "text", out string? text) || !TryStringArray(p, "acl", out string[]? acl))
        {
            return false;
        }

        if (!TryOptionalInt(p, "ordinal", out int ordinal) || !TryOptionalInt(p, "start", out int start) || !TryOptionalInt(p, "end", out int end)
            || !TryOptionalString(p, "title", out string? title) || !TryOptionalString(p, "section_path", out string? sectionPath)
            || !TryOptionalString(p, "source", out string? source) || !TryOptionalString(p, "classification", out string? classification)
            || !TryOptionalString(p, "version", out string? version) || !TryOptionalString(p, "content_hash", out string? contentHash)
            || !TryOptionalString(p, "document_hash", out string? documentHash) || !TryOptionalMetadata(p, out Dictionary<string, string>? metadata))
        {
            return false;
        }

        DateTimeOffset ingestedAt = default;
        if (p.TryGetProperty("ingested_at", out JsonElement ingested) && ingested.ValueKind == JsonValueKind.String)
        {
            _ = ingested.TryGetDateTimeOffset(out ingestedAt);
        }

        chunk = new DocumentChunk
        {
            Id = chunkId,
            DocumentId = documentId,
            Ordinal = ordinal,
            ContentHash = contentHash ?? string.Empty,
            DocumentHash = documentHash ?? string.Empty,
            Text = text,
            Start = start,
            End = end,
            AllowedPrincipals = acl,
            Title = title,
            SectionPath = sectionPath,
            SourceUri = source,
            Classification = classification,
            Version = version,
            IngestedAt = ingestedAt,
            Metadata = metadata,
        };
        return true;
    }

    /// <summary>Reads the <c>document_hash</c> of a payload that was requested with only that field.</summary>
    public static string? ReadDocumentHash(JsonElement? payload) =>
        payload is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("document_hash", out JsonElement hash) && hash.ValueKind == JsonValueKind.String
            ? hash.GetString()
            : null;

    private static bool TryString(JsonElement payload, string name, [NotNullWhen(true)] out string? value)
    {
        value = payload.TryGetProperty(name, out JsonElement element) && element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return value is not null;
    }

    private static bool TryOptionalString(JsonElement payload, string name, out string? value)
    {
        value = null;
        if (!payload.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return true;
    }

    private static bool TryOptionalInt(JsonElement payload, string name, out int value)
    {
        value = 0;
        if (!payload.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value) && value >= 0;
    }

    private static bool TryStringArray(JsonElement payload, string name, [NotNullWhen(true)] out string[]? values)
    {
        values = null;
        if (!payload.TryGetProperty(name, out JsonElement element) || element.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var list = new string[element.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            list[i++] = item.GetString()!;
        }

        values = list;
        return true;
    }

    private static bool TryOptionalMetadata(JsonElement payload, out Dictionary<string, string>? metadata)
    {
        metadata = null;
        if (!payload.TryGetProperty("metadata", out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            metadata[property.Name] = property.Value.GetString()!;
        }

        return true;
    }
}
