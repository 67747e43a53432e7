using System.Diagnostics.CodeAnalysis;

namespace Compliant.AI.Retrieval.Internal;

/// <summary>Maps <see cref="DocumentChunk"/>s to <see cref="VectorChunkRecord"/>s and back, failing closed on malformed records.</summary>
internal static class VectorChunkRecordMapping
{
    public static VectorChunkRecord ToRecord(EmbeddedChunk embedded)
    {
        DocumentChunk chunk = embedded.Chunk;
        string[] metadata = [];
        if (chunk.Metadata is { Count: > 0 } pairs)
        {
            metadata = new string[pairs.Count];
            int i = 0;
            foreach (KeyValuePair<string, string> pair in pairs.OrderBy(static p => p.Key, StringComparer.Ordinal))
            {
                if (pair.Key.Length == 0 || pair.Key.Contains('=', StringComparison.Ordinal))
                {
                    throw new ArgumentException("Metadata keys stored in a VectorData collection must be non-empty and must not contain '='.", nameof(embedded));
                }

                metadata[i++] = VectorDataFilter.MetadataEntry(pair.Key, pair.Value);
            }
        }

        return new VectorChunkRecord
        {
            Key = chunk.Id,
            DocumentId = chunk.DocumentId,
            Ordinal = chunk.Ordinal,
            Text = chunk.Text,
            Start = chunk.Start,
            End = chunk.End,
            AllowedPrincipals = [.. chunk.AllowedPrincipals],
            Title = chunk.Title,
            SectionPath = chunk.SectionPath,
            SourceUri = chunk.SourceUri,
            Classification = chunk.Classification,
            Version = chunk.Version,
            ContentHash = chunk.ContentHash,
            DocumentHash = chunk.DocumentHash,
            IngestedAt = chunk.IngestedAt,
            Metadata = metadata,
            Embedding = embedded.Vector,
        };
    }

    /// <summary>Reads a record back; <see langword="false"/> when a field the chunk needs is missing or inconsistent.</summary>
    public static bool TryToChunk(VectorChunkRecord? record, [NotNullWhen(true)] out DocumentChunk? chunk)
    {
        chunk = null;
        if (record is null
            || string.IsNullOrEmpty(record.Key)
            || string.IsNullOrEmpty(record.DocumentId)
            || record.Text is null
            || string.IsNullOrEmpty(record.ContentHash)
            || string.IsNullOrEmpty(record.DocumentHash)
            || record.AllowedPrincipals is null
            || record.Ordinal < 0
            || record.Start < 0
            || record.End < record.Start)
        {
            return false;
        }

        Dictionary<string, string>? metadata = null;
        if (record.Metadata is { Length: > 0 } entries)
        {
            metadata = new Dictionary<string, string>(entries.Length, StringComparer.Ordinal);
            foreach (string entry in entries)
            {
                int eq = entry?.IndexOf('=', StringComparison.Ordinal) ?? -1;
                if (eq <= 0)
                {
                    return false;
                }

                metadata[entry![..eq]] = entry[(eq + 1)..];
            }
        }

        foreach (string principal in record.AllowedPrincipals)
        {
            if (principal is null)
            {
                return false;
            }
        }

        chunk = new DocumentChunk
        {
            Id = record.Key,
            DocumentId = record.DocumentId,
            Ordinal = record.Ordinal,
            ContentHash = record.ContentHash,
            DocumentHash = record.DocumentHash,
            Text = record.Text,
            Start = record.Start,
            End = record.End,
            AllowedPrincipals = [.. record.AllowedPrincipals],
            Title = record.Title,
            SectionPath = record.SectionPath,
            SourceUri = record.SourceUri,
            Classification = record.Classification,
            Version = record.Version,
            IngestedAt = record.IngestedAt,
            Metadata = metadata,
        };
        return true;
    }
}
