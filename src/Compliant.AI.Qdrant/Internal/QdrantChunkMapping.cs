using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;

namespace Compliant.AI.Internal;

/// <summary>Maps <see cref="DocumentChunk"/> to Qdrant points (<c>Qdrant.Client.Grpc.PointStruct</c>) and payloads back.</summary>
/// <remarks>
/// Reading is defensive: a payload that lacks a required field or has one of the wrong type (a point written by another
/// tool, a corrupted point) is reported as malformed and skipped, and a missing or malformed <c>acl</c> never grants access.
/// </remarks>
internal static class QdrantChunkMapping
{
    public static PointStruct ToPoint(EmbeddedChunk embedded)
    {
        DocumentChunk chunk = embedded.Chunk;
        var point = new PointStruct
        {
            Id = new PointId { Uuid = QdrantPointId.FromChunkId(chunk.Id) },
            Vectors = embedded.Vector.ToArray(),
        };

        MapField<string, Value> payload = point.Payload;
        payload["chunk_id"] = chunk.Id;
        payload["document_id"] = chunk.DocumentId;
        payload["text"] = chunk.Text;
        payload["acl"] = StringList(chunk.AllowedPrincipals);
        payload["ordinal"] = chunk.Ordinal;
        payload["start"] = chunk.Start;
        payload["end"] = chunk.End;
        AddOptional(payload, "title", chunk.Title);
        AddOptional(payload, "section_path", chunk.SectionPath);
        AddOptional(payload, "source", chunk.SourceUri);
        AddOptional(payload, "classification", chunk.Classification);
        AddOptional(payload, "version", chunk.Version);
        AddOptional(payload, "content_hash", chunk.ContentHash);
        AddOptional(payload, "document_hash", chunk.DocumentHash);
        if (chunk.IngestedAt != default)
        {
            payload["ingested_at"] = chunk.IngestedAt.ToString("O", CultureInfo.InvariantCulture);
        }

        if (chunk.Metadata is { Count: > 0 } metadata)
        {
            var fields = new Struct();
            foreach (KeyValuePair<string, string> entry in metadata)
            {
                fields.Fields[entry.Key] = entry.Value;
            }

            payload["metadata"] = new Value { StructValue = fields };
        }

        return point;
    }

    public static bool TryReadChunk(MapField<string, Value>? payload, [NotNullWhen(true)] out DocumentChunk? chunk)
    {
        chunk = null;
        if (payload is null)
        {
            return false;
        }

        if (!TryString(payload, "chunk_id", out string? chunkId) || !TryString(payload, "document_id", out string? documentId)
            || !TryString(payload, "text", out string? text) || !TryStringArray(payload, "acl", out string[]? acl))
        {
            return false;
        }

        if (!TryOptionalInt(payload, "ordinal", out int ordinal) || !TryOptionalInt(payload, "start", out int start) || !TryOptionalInt(payload, "end", out int end)
            || !TryOptionalString(payload, "title", out string? title) || !TryOptionalString(payload, "section_path", out string? sectionPath)
            || !TryOptionalString(payload, "source", out string? source) || !TryOptionalString(payload, "classification", out string? classification)
            || !TryOptionalString(payload, "version", out string? version) || !TryOptionalString(payload, "content_hash", out string? contentHash)
            || !TryOptionalString(payload, "document_hash", out string? documentHash) || !TryOptionalMetadata(payload, out Dictionary<string, string>? metadata))
        {
            return false;
        }

        DateTimeOffset ingestedAt = default;
        if (payload.TryGetValue("ingested_at", out Value? ingested) && ingested.KindCase == Value.KindOneofCase.StringValue)
        {
            _ = DateTimeOffset.TryParse(ingested.StringValue, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out ingestedAt);
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
    public static string? ReadDocumentHash(MapField<string, Value>? payload) =>
        payload is not null && payload.TryGetValue("document_hash", out Value? hash) && hash.KindCase == Value.KindOneofCase.StringValue
            ? hash.StringValue
            : null;

    private static Value StringList(IEnumerable<string> values)
    {
        var list = new ListValue();
        foreach (string value in values)
        {
            list.Values.Add(new Value { StringValue = value });
        }

        return new Value { ListValue = list };
    }

    private static void AddOptional(MapField<string, Value> payload, string name, string? value)
    {
        if (value is not null)
        {
            payload[name] = value;
        }
    }

    private static bool TryString(MapField<string, Value> payload, string name, [NotNullWhen(true)] out string? value)
    {
        value = payload.TryGetValue(name, out Value? element) && element.KindCase == Value.KindOneofCase.StringValue ? element.StringValue : null;
        return value is not null;
    }

    private static bool TryOptionalString(MapField<string, Value> payload, string name, out string? value)
    {
        value = null;
        if (!payload.TryGetValue(name, out Value? element) || element.KindCase is Value.KindOneofCase.NullValue or Value.KindOneofCase.None)
        {
            return true;
        }

        if (element.KindCase != Value.KindOneofCase.StringValue)
        {
            return false;
        }

        value = element.StringValue;
        return true;
    }

    private static bool TryOptionalInt(MapField<string, Value> payload, string name, out int value)
    {
        value = 0;
        if (!payload.TryGetValue(name, out Value? element) || element.KindCase is Value.KindOneofCase.NullValue or Value.KindOneofCase.None)
        {
            return true;
        }

        if (element.KindCase != Value.KindOneofCase.IntegerValue || element.IntegerValue < 0 || element.IntegerValue > int.MaxValue)
        {
            return false;
        }

        value = (int)element.IntegerValue;
        return true;
    }

    private static bool TryStringArray(MapField<string, Value> payload, string name, [NotNullWhen(true)] out string[]? values)
    {
        values = null;
        if (!payload.TryGetValue(name, out Value? element) || element.KindCase != Value.KindOneofCase.ListValue)
        {
            return false;
        }

        RepeatedField<Value> items = element.ListValue.Values;
        var list = new string[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].KindCase != Value.KindOneofCase.StringValue)
            {
                return false;
            }

            list[i] = items[i].StringValue;
        }

        values = list;
        return true;
    }

    private static bool TryOptionalMetadata(MapField<string, Value> payload, out Dictionary<string, string>? metadata)
    {
        metadata = null;
        if (!payload.TryGetValue("metadata", out Value? element) || element.KindCase is Value.KindOneofCase.NullValue or Value.KindOneofCase.None)
        {
            return true;
        }

        if (element.KindCase != Value.KindOneofCase.StructValue)
        {
            return false;
        }

        metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, Value> property in element.StructValue.Fields)
        {
            if (property.Value.KindCase != Value.KindOneofCase.StringValue)
            {
                return false;
            }

            metadata[property.Key] = property.Value.StringValue;
        }

        return true;
    }
}
