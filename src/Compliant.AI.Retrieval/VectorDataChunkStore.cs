using Compliant.AI.Internal;
using Compliant.AI.Retrieval.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;

namespace Compliant.AI;

/// <summary>
/// An <see cref="IVectorChunkStore"/> on any Microsoft.Extensions.VectorData collection of <see cref="VectorChunkRecord"/>s,
/// so that any VectorData connector can back dense and hybrid retrieval, with access control inside the query.
/// </summary>
/// <remarks>
/// <para>
/// A search passes the caller's principals as the VectorData filter
/// <c>r =&gt; r.AllowedPrincipals.Any(p =&gt; principals.Contains(p))</c> (plus exact-match field filters), so the connector
/// ranks only records the caller may read. Every record it returns is checked again with
/// <see cref="ChunkSearchFilter.Allows"/>: one the caller may not read is withheld, counted in
/// <see cref="ChunkSearchResult.DeniedCount"/> and logged (EventId 1220, count only). A connector that cannot translate the
/// filter makes the search fail with <see cref="VectorDataErrorKind.FilterNotSupported"/>; it never searches unfiltered.
/// </para>
/// <para>
/// Replacing a document lists the document's records (by a <c>DocumentId</c> filter), upserts the new chunks in batches,
/// then deletes the listed records that are not among them. Chunk ids are content-addressed, so unchanged chunks are
/// overwritten in place. A reader may see old and new chunks together while that runs; when a call fails part-way the
/// document holds mixed versions, so <see cref="GetDocumentHashAsync"/> returns <see langword="null"/> for it and the next
/// ingestion writes it again.
/// </para>
/// <para>
/// Every call is bounded by <see cref="VectorDataChunkStoreOptions.RequestTimeout"/> (also when a connector ignores
/// cancellation); failures are <see cref="VectorDataChunkStoreException"/>. Thread-safe when the collection is. Never logs
/// or traces chunk text, vectors or principals. The collection is not disposed by the store.
/// </para>
/// </remarks>
public sealed class VectorDataChunkStore : IVectorChunkStore, IDisposable
{
    private readonly VectorStoreCollection<string, VectorChunkRecord> _collection;
    private readonly string _distanceFunction;
    private readonly TimeSpan _timeout;
    private readonly int _batchSize;
    private readonly int _maxChunks;
    private readonly int _oversampling;
    private readonly bool _ensureCollection;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _ensureLock = new(1, 1);
    private volatile bool _collectionReady;

    /// <summary>Initializes a new instance of the <see cref="VectorDataChunkStore"/> class.</summary>
    /// <param name="collection">The collection, created with <see cref="VectorChunkRecord.CreateDefinition"/>.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults; they are validated and copied.</param>
    /// <param name="timeProvider">The clock that measures call timeouts, or <see langword="null"/> for the system clock.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public VectorDataChunkStore(VectorStoreCollection<string, VectorChunkRecord> collection, VectorDataChunkStoreOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _collection = Throw.IfNull(collection);
        options ??= new VectorDataChunkStoreOptions();
        ValidateOptionsResult validation = new VectorDataChunkStoreOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new ArgumentException("Invalid VectorData store options: " + validation.FailureMessage, nameof(options));
        }

        _distanceFunction = options.DistanceFunction;
        _timeout = options.RequestTimeout;
        _batchSize = options.UpsertBatchSize;
        _maxChunks = options.MaxChunksPerDocument;
        _oversampling = options.QueryOversampling;
        _ensureCollection = options.EnsureCollectionExists;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the collection this store reads and writes.</summary>
    public VectorStoreCollection<string, VectorChunkRecord> Collection => _collection;

    /// <summary>Creates the collection when it is missing (when <see cref="VectorDataChunkStoreOptions.EnsureCollectionExists"/> is set).</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the collection exists.</returns>
    /// <remarks>Every other method calls this first, once; call it at start-up to fail fast on a wrong connection.</remarks>
    /// <exception cref="VectorDataChunkStoreException">The connector failed or timed out.</exception>
    public async Task EnsureCollectionAsync(CancellationToken cancellationToken = default)
    {
        if (_collectionReady || !_ensureCollection)
        {
            return;
        }

        await _ensureLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_collectionReady)
            {
                await CallAsync("ensure_collection", async ct =>
                {
                    await _collection.EnsureCollectionExistsAsync(ct).ConfigureAwait(false);
                    return true;
                }, cancellationToken).ConfigureAwait(false);
                _collectionReady = true;
            }
        }
        finally
        {
            _ensureLock.Release();
        }
    }

    /// <inheritdoc/>
    /// <remarks>Returns <see langword="null"/> also when the document's records disagree (a replacement that failed part-way), so that it is written again.</remarks>
    /// <exception cref="VectorDataChunkStoreException">The connector failed or timed out.</exception>
    public async ValueTask<string?> GetDocumentHashAsync(string documentId, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(documentId);
        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);
        List<VectorChunkRecord> records = await ListDocumentAsync(documentId, cancellationToken).ConfigureAwait(false);
        string? hash = null;
        foreach (VectorChunkRecord record in records)
        {
            if (string.IsNullOrEmpty(record.DocumentHash) || (hash is not null && !string.Equals(hash, record.DocumentHash, StringComparison.Ordinal)))
            {
                return null;
            }

            hash = record.DocumentHash;
        }

        return hash;
    }

    /// <inheritdoc/>
    /// <exception cref="VectorDataChunkStoreException">The connector failed or timed out, or the document has too many chunks.</exception>
    public async Task ReplaceDocumentAsync(string documentId, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken cancellationToken = default)
    {
        ChunkValidation.ValidateDocumentChunks(documentId, chunks, static c => c.Chunk);
        if (chunks.Count > _maxChunks)
        {
            throw new VectorDataChunkStoreException(_collection.Name, "upsert", VectorDataErrorKind.LimitExceeded);
        }

        var records = new VectorChunkRecord[chunks.Count];
        int dimensions = chunks[0].Vector.Length;
        for (int i = 0; i < chunks.Count; i++)
        {
            ReadOnlySpan<float> vector = chunks[i].Vector.Span;
            if (vector.Length == 0 || vector.Length != dimensions)
            {
                throw new ArgumentException("Every vector must be non-empty and of the same dimension.", nameof(chunks));
            }

            foreach (float value in vector)
            {
                if (!float.IsFinite(value))
                {
                    throw new ArgumentException("A vector contains NaN or infinity.", nameof(chunks));
                }
            }

            if (chunks[i].Chunk.AllowedPrincipals is null)
            {
                throw new ArgumentException("Every chunk needs an access-control list.", nameof(chunks));
            }

            records[i] = VectorChunkRecordMapping.ToRecord(chunks[i]);
        }

        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);
        List<VectorChunkRecord> existing = await ListDocumentAsync(documentId, cancellationToken).ConfigureAwait(false);

        for (int offset = 0; offset < records.Length; offset += _batchSize)
        {
            var batch = new ArraySegment<VectorChunkRecord>(records, offset, Math.Min(_batchSize, records.Length - offset));
            await CallAsync("upsert", async ct =>
            {
                await _collection.UpsertAsync(batch, ct).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }

        var keep = new HashSet<string>(records.Select(static r => r.Key), StringComparer.Ordinal);
        string[] stale = existing.Select(static r => r.Key).Where(k => k is not null && !keep.Contains(k)).Distinct(StringComparer.Ordinal).ToArray();
        if (stale.Length > 0)
        {
            await DeleteKeysAsync(stale, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="VectorDataChunkStoreException">The connector failed or timed out.</exception>
    public async Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        Throw.IfNullOrWhitespace(documentId);
        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);
        List<VectorChunkRecord> existing = await ListDocumentAsync(documentId, cancellationToken).ConfigureAwait(false);
        if (existing.Count == 0)
        {
            return false;
        }

        await DeleteKeysAsync(existing.Select(static r => r.Key).Where(static k => k is not null).Distinct(StringComparer.Ordinal).ToArray(), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <see cref="ChunkSearchResult.DeniedCount"/> counts only records the connector returned although the filter excludes
    /// them (post-check catches): with the filter inside the connector's query, the store cannot tell how many unreadable
    /// records would otherwise have ranked.
    /// </remarks>
    /// <exception cref="VectorDataChunkStoreException">The connector failed, timed out, or cannot translate the filter.</exception>
    public async Task<ChunkSearchResult> SearchAsync(ReadOnlyMemory<float> vector, ChunkSearchFilter filter, int top, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(filter);
        Throw.IfLessThan(top, 1);
        if (vector.IsEmpty)
        {
            throw new ArgumentException("The query vector is empty.", nameof(vector));
        }

        foreach (float value in vector.Span)
        {
            if (!float.IsFinite(value))
            {
                throw new ArgumentException("The query vector contains NaN or infinity.", nameof(vector));
            }
        }

        var options = new VectorSearchOptions<VectorChunkRecord> { Filter = VectorDataFilter.ForSearch(filter), IncludeVectors = false };
        int limit = checked(top + _oversampling);
        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);
        List<VectorSearchResult<VectorChunkRecord>> results = await CallAsync("search", async ct =>
        {
            var list = new List<VectorSearchResult<VectorChunkRecord>>(limit);
            await foreach (VectorSearchResult<VectorChunkRecord> result in _collection.SearchAsync(vector, limit, options, ct).ConfigureAwait(false))
            {
                list.Add(result);
                if (list.Count == limit)
                {
                    break;
                }
            }

            return list;
        }, cancellationToken).ConfigureAwait(false);

        var hits = new List<ScoredChunk>(Math.Min(results.Count, top));
        List<string>? deniedIds = null;
        int malformed = 0;
        foreach (VectorSearchResult<VectorChunkRecord> result in results)
        {
            if (!VectorChunkRecordMapping.TryToChunk(result?.Record, out DocumentChunk? chunk))
            {
                malformed++;
                continue;
            }

            if (!filter.Allows(chunk))
            {
                (deniedIds ??= []).Add(chunk.Id);
                continue;
            }

            if (hits.Count < top)
            {
                hits.Add(new ScoredChunk(chunk, VectorDataScores.ToSimilarity(_distanceFunction, result!.Score)));
            }
        }

        if (deniedIds is not null)
        {
            RetrievalLog.VectorDataPostCheckDenied(_logger, deniedIds.Count);
        }

        if (malformed > 0)
        {
            RetrievalLog.VectorDataMalformedRecords(_logger, "search", malformed);
        }

        return new ChunkSearchResult(hits, deniedIds?.Count ?? 0) { DeniedChunkIds = deniedIds };
    }

    /// <inheritdoc/>
    public void Dispose() => _ensureLock.Dispose();

    private Task<List<VectorChunkRecord>> ListDocumentAsync(string documentId, CancellationToken cancellationToken) =>
        CallAsync("list_document", async ct =>
        {
            var list = new List<VectorChunkRecord>();
            var options = new FilteredRecordRetrievalOptions<VectorChunkRecord> { IncludeVectors = false };
            await foreach (VectorChunkRecord record in _collection.GetAsync(VectorDataFilter.ForDocument(documentId), _maxChunks + 1, options, ct).ConfigureAwait(false))
            {
                if (record is null)
                {
                    continue;
                }

                // A connector whose filter is loose must not make this store delete another document's records.
                if (!string.Equals(record.DocumentId, documentId, StringComparison.Ordinal))
                {
                    continue;
                }

                list.Add(record);
                if (list.Count > _maxChunks)
                {
                    throw new VectorDataChunkStoreException(_collection.Name, "list_document", VectorDataErrorKind.LimitExceeded);
                }
            }

            return list;
        }, cancellationToken);

    private Task<bool> DeleteKeysAsync(string[] keys, CancellationToken cancellationToken) =>
        CallAsync("delete", async ct =>
        {
            await _collection.DeleteAsync(keys, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Runs one connector call within the timeout and turns its failures into <see cref="VectorDataChunkStoreException"/>.</summary>
    private async Task<T> CallAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // WaitAsync bounds the call even when the connector ignores the token.
            return await call(linked.Token).WaitAsync(_timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (VectorDataChunkStoreException ex)
        {
            RetrievalLog.VectorDataCallFailed(_logger, _collection.Name, operation, ex.Kind);
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && timeout.IsCancellationRequested))
        {
            throw Fail(operation, VectorDataErrorKind.Timeout, ex);
        }
        catch (NotSupportedException ex) when (operation is "search" or "list_document")
        {
            throw Fail(operation, VectorDataErrorKind.FilterNotSupported, ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw Fail(operation, VectorDataErrorKind.StoreError, ex);
        }
    }

    private VectorDataChunkStoreException Fail(string operation, VectorDataErrorKind kind, Exception inner)
    {
        RetrievalLog.VectorDataCallFailed(_logger, _collection.Name, operation, kind);
        return new VectorDataChunkStoreException(_collection.Name, operation, kind, inner);
    }
}
