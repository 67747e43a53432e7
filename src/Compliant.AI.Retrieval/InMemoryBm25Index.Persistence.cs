using System.Text;
using Microsoft.Extensions.Logging;

namespace Compliant.AI;

public sealed partial class InMemoryBm25Index
{
    private static ReadOnlySpan<byte> Magic => "CAIBM25\n"u8;

    private const int FormatVersion = 1;

    /// <summary>Writes the index to a stream in the documented binary format (see <c>docs/retrieval.md</c>).</summary>
    /// <param name="stream">The destination stream.</param>
    /// <remarks>
    /// The format stores the analyzer settings, the term dictionary, and every chunk with its metadata, access-control
    /// list and term vector, so loading rebuilds the postings without re-analyzing any text. Chunk text is stored as
    /// is: protect the file like the documents themselves.
    /// </remarks>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _lock.EnterReadLock();
        try
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(_analyzer.RemoveStopWords);
            writer.Write(_analyzer.UseStemmer);
            writer.Write(_options.IndexTitleAndSection);

            var terms = new string[_termIds.Count];
            foreach (KeyValuePair<string, int> term in _termIds)
            {
                terms[term.Value] = term.Key;
            }

            writer.Write(terms.Length);
            foreach (string term in terms)
            {
                writer.Write(term);
            }

            writer.Write(_documents.Count);
            foreach ((string id, (string hash, int[] slots)) in _documents)
            {
                writer.Write(id);
                writer.Write(hash);
                writer.Write(slots.Length);
                foreach (int slot in slots)
                {
                    WriteChunk(writer, _chunks[slot]!, _lengths[slot], _vectors[slot]);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Reads an index written by <see cref="Save(Stream)"/>.</summary>
    /// <param name="stream">The source stream.</param>
    /// <param name="options">The BM25 options (the analyzer settings come from the file), or <see langword="null"/> for the defaults.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <returns>The index.</returns>
    /// <exception cref="InvalidDataException">The stream is not an index of this format, or it is truncated.</exception>
    public static InMemoryBm25Index Load(Stream stream, Bm25Options? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            Span<byte> magic = stackalloc byte[Magic.Length];
            reader.BaseStream.ReadExactly(magic);
            if (!magic.SequenceEqual(Magic))
            {
                throw new InvalidDataException("Not a Compliant.AI BM25 index.");
            }

            int version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"Unsupported BM25 index format version {version}.");
            }

            bool removeStopWords = reader.ReadBoolean();
            bool stem = reader.ReadBoolean();
            bool indexTitles = reader.ReadBoolean();
            options ??= new Bm25Options();
            options.IndexTitleAndSection = indexTitles;
            var index = new InMemoryBm25Index(options, new EnglishAnalyzer(removeStopWords, stem), logger);

            int termCount = ReadCount(reader);
            for (int t = 0; t < termCount; t++)
            {
                index._termIds.Add(reader.ReadString(), t);
                index._postings.Add(new Postings());
            }

            int documentCount = ReadCount(reader);
            for (int d = 0; d < documentCount; d++)
            {
                string id = reader.ReadString();
                string hash = reader.ReadString();
                int chunkCount = ReadCount(reader);
                int[] slots = new int[chunkCount];
                for (int c = 0; c < chunkCount; c++)
                {
                    (DocumentChunk chunk, int length, TermVector vector) = ReadChunk(reader, termCount);
                    slots[c] = index.AddLoaded(chunk, length, vector);
                }

                index._documents[id] = (hash, slots);
            }

            return index;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The BM25 index is truncated.", ex);
        }
    }

    private static int ReadCount(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        return count < 0 ? throw new InvalidDataException("The BM25 index is corrupt (negative count).") : count;
    }

    private int AddLoaded(DocumentChunk chunk, int length, TermVector vector)
    {
        int slot = _slotCount++;
        if (slot >= _chunks.Length)
        {
            int size = _chunks.Length * 2;
            Array.Resize(ref _chunks, size);
            Array.Resize(ref _lengths, size);
            Array.Resize(ref _vectors, size);
        }

        for (int t = 0; t < vector.TermIds.Length; t++)
        {
            _postings[vector.TermIds[t]].Append(slot, vector.Freqs[t]);
        }

        _chunks[slot] = chunk;
        _lengths[slot] = length;
        _vectors[slot] = vector;
        _acl.Add(slot, chunk.AllowedPrincipals);
        _liveCount++;
        _totalLength += length;
        return slot;
    }

    private static void WriteChunk(BinaryWriter writer, DocumentChunk chunk, int length, TermVector vector)
    {
        writer.Write(chunk.Id);
        writer.Write(chunk.DocumentId);
        writer.Write(chunk.Ordinal);
        writer.Write(chunk.ContentHash);
        writer.Write(chunk.DocumentHash);
        writer.Write(chunk.Text);
        writer.Write(chunk.Start);
        writer.Write(chunk.End);
        writer.Write(chunk.AllowedPrincipals.Count);
        foreach (string principal in chunk.AllowedPrincipals)
        {
            writer.Write(principal);
        }

        WriteOptional(writer, chunk.Title);
        WriteOptional(writer, chunk.SectionPath);
        WriteOptional(writer, chunk.SourceUri);
        WriteOptional(writer, chunk.Classification);
        WriteOptional(writer, chunk.Version);
        writer.Write(chunk.IngestedAt.UtcTicks);
        writer.Write(chunk.Metadata?.Count ?? 0);
        if (chunk.Metadata is not null)
        {
            foreach (KeyValuePair<string, string> kv in chunk.Metadata)
            {
                writer.Write(kv.Key);
                writer.Write(kv.Value);
            }
        }

        writer.Write(length);
        writer.Write(vector.TermIds.Length);
        for (int i = 0; i < vector.TermIds.Length; i++)
        {
            writer.Write7BitEncodedInt(vector.TermIds[i]);
            writer.Write7BitEncodedInt(vector.Freqs[i]);
        }
    }

    private static (DocumentChunk Chunk, int Length, TermVector Vector) ReadChunk(BinaryReader reader, int termCount)
    {
        string id = reader.ReadString();
        string documentId = reader.ReadString();
        int ordinal = reader.ReadInt32();
        string contentHash = reader.ReadString();
        string documentHash = reader.ReadString();
        string text = reader.ReadString();
        int start = reader.ReadInt32();
        int end = reader.ReadInt32();
        string[] acl = new string[ReadCount(reader)];
        for (int i = 0; i < acl.Length; i++)
        {
            acl[i] = reader.ReadString();
        }

        string? title = ReadOptional(reader);
        string? section = ReadOptional(reader);
        string? source = ReadOptional(reader);
        string? classification = ReadOptional(reader);
        string? version = ReadOptional(reader);
        var ingestedAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        int metadataCount = ReadCount(reader);
        Dictionary<string, string>? metadata = metadataCount > 0 ? new(StringComparer.Ordinal) : null;
        for (int i = 0; i < metadataCount; i++)
        {
            metadata![reader.ReadString()] = reader.ReadString();
        }

        int length = reader.ReadInt32();
        int vectorLength = ReadCount(reader);
        int[] termIds = new int[vectorLength];
        int[] freqs = new int[vectorLength];
        for (int i = 0; i < vectorLength; i++)
        {
            termIds[i] = reader.Read7BitEncodedInt();
            freqs[i] = reader.Read7BitEncodedInt();
            if ((uint)termIds[i] >= (uint)termCount || (i > 0 && termIds[i] <= termIds[i - 1]))
            {
                throw new InvalidDataException("The BM25 index is corrupt (bad term vector).");
            }
        }

        var chunk = new DocumentChunk
        {
            Id = id,
            DocumentId = documentId,
            Ordinal = ordinal,
            ContentHash = contentHash,
            DocumentHash = documentHash,
            Text = text,
            Start = start,
            End = end,
            AllowedPrincipals = acl,
            Title = title,
            SectionPath = section,
            SourceUri = source,
            Classification = classification,
            Version = version,
            IngestedAt = ingestedAt,
            Metadata = metadata,
        };
        return (chunk, length, new TermVector(termIds, freqs));
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
