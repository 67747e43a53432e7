using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Compliant.AI.Internal;
using Compliant.AI.Retrieval.Ingestion;
using Compliant.AI.Retrieval.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliant.AI;

/// <summary>Ingests documents into one or more <see cref="IChunkIndex"/>es: transform, validate, chunk, write.</summary>
/// <remarks>
/// <para>For each document, in order:</para>
/// <list type="number">
/// <item>every <see cref="IIngestionTransform"/> runs (for example de-identification); offsets then refer to the transformed text;</item>
/// <item>the document is validated: not empty, not longer than <see cref="ChunkingOptions.MaxDocumentLength"/>, text rather than binary data, id unique in the batch;</item>
/// <item>its hash (text, metadata, access-control list and chunking settings) is compared with each index's: an unchanged document is skipped;</item>
/// <item>it is chunked (<see cref="ChunkingOptions"/>) and its chunks replace the previous version's in each index (stale chunks are removed).</item>
/// </list>
/// <para>
/// A failing document does not stop the batch: it is reported in <see cref="IngestionResult.Errors"/> with a typed
/// <see cref="IngestionErrorCode"/>, and nothing is written for it except when an index write itself fails after
/// another index succeeded (<see cref="IngestionErrorCode.IndexFailed"/> with <see cref="IngestionError.IndexesWritten"/>).
/// Cancellation stops the batch between documents and throws.
/// </para>
/// <para>Thread-safe; concurrent ingestions of the same document id race (the last write wins).</para>
/// </remarks>
public sealed class DocumentIngestor
{
    private readonly IChunkIndex[] _indexes;
    private readonly IIngestionTransform[] _transforms;
    private readonly ChunkingOptions _chunking;
    private readonly DocumentChunker _chunker;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _chunkingFingerprint;

    /// <summary>Initializes a new instance of the <see cref="DocumentIngestor"/> class.</summary>
    /// <param name="indexes">The indexes to write to (at least one).</param>
    /// <param name="chunking">The chunking options, or <see langword="null"/> for the defaults.</param>
    /// <param name="transforms">Transforms applied to each document before chunking, in order.</param>
    /// <param name="timeProvider">The clock for <see cref="DocumentChunk.IngestedAt"/>, or <see langword="null"/> for the system clock.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public DocumentIngestor(
        IEnumerable<IChunkIndex> indexes,
        ChunkingOptions? chunking = null,
        IEnumerable<IIngestionTransform>? transforms = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        Throw.IfNull(indexes);
        _indexes = indexes.ToArray();
        if (_indexes.Length == 0 || _indexes.Any(static i => i is null))
        {
            throw new ArgumentException("At least one index, and no null index, is required.", nameof(indexes));
        }

        _transforms = transforms?.ToArray() ?? [];
        _chunking = chunking ?? new ChunkingOptions();
        _chunker = new DocumentChunker(_chunking);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _chunkingFingerprint = string.Create(CultureInfo.InvariantCulture, $"v1|{_chunking.MaxTokens}|{_chunking.OverlapTokens}|{_chunking.Tokenizer?.GetType().FullName ?? "cl100k_base"}");
    }

    /// <summary>Ingests documents.</summary>
    /// <param name="documents">The documents.</param>
    /// <param name="progress">Receives progress after each document, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation (between documents).</param>
    /// <returns>What was added, updated, skipped and what failed.</returns>
    public Task<IngestionResult> IngestAsync(IEnumerable<SourceDocument> documents, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(documents);
        int? total = documents switch
        {
            ICollection<SourceDocument> c => c.Count,
            IReadOnlyCollection<SourceDocument> r => r.Count,
            _ => null,
        };
        return IngestCoreAsync(ToAsync(documents), total, progress, cancellationToken);
    }

    /// <summary>Ingests a stream of documents.</summary>
    /// <param name="documents">The documents.</param>
    /// <param name="progress">Receives progress after each document, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation (between documents).</param>
    /// <returns>What was added, updated, skipped and what failed.</returns>
    public Task<IngestionResult> IngestStreamAsync(IAsyncEnumerable<SourceDocument> documents, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(documents);
        return IngestCoreAsync(documents, null, progress, cancellationToken);
    }

    /// <summary>Ingests one document and throws when it fails.</summary>
    /// <param name="document">The document.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="IngestionException">The document could not be ingested.</exception>
    public async Task<IngestionResult> IngestDocumentAsync(SourceDocument document, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(document);
        IngestionResult result = await IngestCoreAsync(ToAsync([document]), 1, null, cancellationToken).ConfigureAwait(false);
        return result.ThrowIfFailed();
    }

    /// <summary>Removes a document from every index.</summary>
    /// <param name="documentId">The document id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when any index held the document.</returns>
    public async Task<bool> DeleteAsync(string documentId, CancellationToken cancellationToken = default)
    {
        Throw.IfNullOrWhitespace(documentId);
        bool any = false;
        foreach (IChunkIndex index in _indexes)
        {
            any |= await index.DeleteDocumentAsync(documentId, cancellationToken).ConfigureAwait(false);
        }

        return any;
    }

    /// <summary>Cuts a document into chunks without writing them anywhere (for previews and tests).</summary>
    /// <param name="document">The document (transforms are not applied).</param>
    /// <returns>The chunks, in order.</returns>
    public IReadOnlyList<DocumentChunk> Chunk(SourceDocument document)
    {
        Throw.IfNull(document);
        return BuildChunks(document, ComputeDocumentHash(document));
    }

    private static async IAsyncEnumerable<SourceDocument> ToAsync(IEnumerable<SourceDocument> documents)
    {
        foreach (SourceDocument document in documents)
        {
            yield return document;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private async Task<IngestionResult> IngestCoreAsync(IAsyncEnumerable<SourceDocument> documents, int? total, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<IngestionError>();
        int added = 0, updated = 0, unchanged = 0, chunksWritten = 0, processed = 0;
        await foreach (SourceDocument? original in documents.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            int index = processed++;
            IngestionError? error = null;
            try
            {
                (DocumentOutcome outcome, int written, error) = await IngestOneAsync(original, index, seen, cancellationToken).ConfigureAwait(false);
                chunksWritten += written;
                switch (outcome)
                {
                    case DocumentOutcome.Added:
                        added++;
                        break;
                    case DocumentOutcome.Updated:
                        updated++;
                        break;
                    case DocumentOutcome.Unchanged:
                        unchanged++;
                        break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            if (error is not null)
            {
                errors.Add(error);
                RetrievalLog.DocumentFailed(_logger, index, error.Code.ToString());
            }

            progress?.Report(new IngestionProgress(processed, total, chunksWritten, errors.Count));
        }

        RetrievalLog.IngestionCompleted(_logger, added, updated, unchanged, errors.Count, chunksWritten);
        return new IngestionResult { Added = added, Updated = updated, Unchanged = unchanged, ChunksWritten = chunksWritten, Errors = errors };
    }

    private async Task<(DocumentOutcome Outcome, int Written, IngestionError? Error)> IngestOneAsync(SourceDocument? document, int index, HashSet<string> seen, CancellationToken cancellationToken)
    {
        if (document is null)
        {
            return Fail(new IngestionError(index, null, IngestionErrorCode.Invalid, "The document is null."));
        }

        string id = document.Id;
        if (!seen.Add(id))
        {
            return Fail(new IngestionError(index, id, IngestionErrorCode.DuplicateId, "Another document in this batch has the same id; the first one was kept."));
        }

        foreach (IIngestionTransform transform in _transforms)
        {
            try
            {
                document = await transform.TransformAsync(document, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return Fail(new IngestionError(index, id, IngestionErrorCode.TransformFailed, $"Transform {transform.GetType().Name} failed: {ex.GetType().Name}.") { Exception = ex });
            }

            if (document is null || !string.Equals(document.Id, id, StringComparison.Ordinal))
            {
                return Fail(new IngestionError(index, id, IngestionErrorCode.TransformFailed, $"Transform {transform.GetType().Name} returned no document or changed its id."));
            }
        }

        if (document.Text.Length > _chunking.MaxDocumentLength)
        {
            return Fail(new IngestionError(index, id, IngestionErrorCode.TooLarge, string.Create(CultureInfo.InvariantCulture, $"The document has {document.Text.Length} characters; the limit is {_chunking.MaxDocumentLength}.")));
        }

        if (document.BodyStart < 0 || document.BodyStart > document.Text.Length)
        {
            return Fail(new IngestionError(index, id, IngestionErrorCode.Invalid, "BodyStart is outside the text."));
        }

        if (document.Text.AsSpan(document.BodyStart).IsWhiteSpace())
        {
            return Fail(new IngestionError(index, id, IngestionErrorCode.Empty, "The document body is empty."));
        }

        if (LooksBinary(document.Text))
        {
            return Fail(new IngestionError(index, id, IngestionErrorCode.NotText, "The content looks like binary data, not text."));
        }

        string hash = ComputeDocumentHash(document);
        var stale = new List<IChunkIndex>(_indexes.Length);
        bool existed = false;
        foreach (IChunkIndex target in _indexes)
        {
            string? current = await target.GetDocumentHashAsync(id, cancellationToken).ConfigureAwait(false);
            existed |= current is not null;
            if (!string.Equals(current, hash, StringComparison.Ordinal))
            {
                stale.Add(target);
            }
        }

        if (stale.Count == 0)
        {
            return (DocumentOutcome.Unchanged, 0, null);
        }

        List<DocumentChunk> chunks = BuildChunks(document, hash);
        if (chunks.Count == 0)
        {
            return Fail(new IngestionError(index, id, IngestionErrorCode.Empty, "The document has no indexable text."));
        }

        int written = 0;
        foreach (IChunkIndex target in stale)
        {
            try
            {
                await target.ReplaceDocumentAsync(id, chunks, cancellationToken).ConfigureAwait(false);
                written++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return (DocumentOutcome.Failed, 0, new IngestionError(index, id, IngestionErrorCode.IndexFailed,
                    string.Create(CultureInfo.InvariantCulture, $"Writing to {target.GetType().Name} failed ({ex.GetType().Name}); {written + (_indexes.Length - stale.Count)} of {_indexes.Length} indexes hold the new version."))
                {
                    Exception = ex,
                    IndexesWritten = written + (_indexes.Length - stale.Count),
                });
            }
        }

        CompliantTelemetry.Retrieval.ChunksIngested.Add(chunks.Count * written);
        return (existed ? DocumentOutcome.Updated : DocumentOutcome.Added, chunks.Count, null);

        static (DocumentOutcome, int, IngestionError?) Fail(IngestionError error) => (DocumentOutcome.Failed, 0, error);
    }

    private List<DocumentChunk> BuildChunks(SourceDocument document, string documentHash)
    {
        bool markdown = document.Format is DocumentFormat.Markdown or DocumentFormat.Html;
        List<ChunkSpan> spans = _chunker.Chunk(document.Text, document.BodyStart, markdown);
        DateTimeOffset now = _timeProvider.GetUtcNow();
        var chunks = new List<DocumentChunk>(spans.Count);
        for (int i = 0; i < spans.Count; i++)
        {
            ChunkSpan span = spans[i];
            string text = document.Text.Substring(span.Start, span.End - span.Start);
            string contentHash = Sha256Hex(text);
            chunks.Add(new DocumentChunk
            {
                Id = DocumentChunk.CreateId(document.Id, i, contentHash),
                DocumentId = document.Id,
                Ordinal = i,
                ContentHash = contentHash,
                DocumentHash = documentHash,
                Text = text,
                Start = span.Start,
                End = span.End,
                AllowedPrincipals = document.AllowedPrincipals,
                Title = document.Title,
                SectionPath = span.SectionPath,
                SourceUri = document.SourceUri,
                Classification = document.Classification,
                Version = document.Version,
                IngestedAt = now,
                Metadata = document.Metadata,
            });
        }

        return chunks;
    }

    private string ComputeDocumentHash(SourceDocument document)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string? value)
        {
            // Length-prefixed so field boundaries cannot be forged by content.
            string v = value ?? "\0null";
            hash.AppendData(BitConverter.GetBytes(v.Length));
            hash.AppendData(Encoding.UTF8.GetBytes(v));
        }

        Add(_chunkingFingerprint);
        Add(document.Format.ToString());
        Add(document.BodyStart.ToString(CultureInfo.InvariantCulture));
        Add(document.Text);
        Add(document.Title);
        Add(document.SourceUri);
        Add(document.Classification);
        Add(document.Version);
        foreach (string principal in document.AllowedPrincipals.Order(StringComparer.Ordinal))
        {
            Add(principal);
        }

        Add("|metadata");
        if (document.Metadata is not null)
        {
            foreach (KeyValuePair<string, string> kv in document.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                Add(kv.Key);
                Add(kv.Value);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Sha256Hex(string text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(max);
        try
        {
            int n = Encoding.UTF8.GetBytes(text, buffer);
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(buffer.AsSpan(0, n), digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSuspicious(char c) =>
        c == '\uFFFD' || (char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f' or '\v')) || char.IsSurrogate(c);

    private static bool LooksBinary(string text)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return true;
        }

        int sample = Math.Min(text.Length, 65536);
        int suspicious = 0;
        for (int i = 0; i < sample; i++)
        {
            char c = text[i];
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < sample && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                suspicious++;
            }
            else if (IsSuspicious(c))
            {
                suspicious++;
            }
        }

        return suspicious * 10 > sample;
    }

    private enum DocumentOutcome
    {
        Failed,
        Added,
        Updated,
        Unchanged,
    }
}
