using System.Runtime.CompilerServices;
using Compliant.AI.Internal;
using Google.Protobuf.Collections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Qdrant.Client.Grpc;

namespace Compliant.AI;

/// <summary>An <see cref="IVectorChunkStore"/> on a Qdrant collection, through the official <c>Qdrant.Client</c> (gRPC), with the access-control filter inside the query.</summary>
/// <remarks>
/// <para>
/// Each chunk is one point: its id is a name-based UUID of the chunk id, its vector the chunk's embedding, its payload
/// the chunk text and metadata with the access-control list in <c>acl</c> (keyword-indexed, as is <c>document_id</c>).
/// A search sends the caller's principals as one <c>must</c> condition on <c>acl</c> matching any of them, so Qdrant ranks only
/// readable points; every point it returns is checked again, and one the caller may not read is dropped and counted.
/// </para>
/// <para>
/// Replacing a document first upserts its new chunks in confirmed batches (<c>wait = true</c>), then deletes the
/// document's other points. A reader may see old and new chunks together while that runs. When a batch fails,
/// <see cref="QdrantUpsertException"/> says which; the document then has mixed versions, so
/// <see cref="GetDocumentHashAsync"/> returns <see langword="null"/> for it and the next ingestion writes it again.
/// </para>
/// <para>Thread-safe. Never logs or traces chunk text, vectors or principals; failures are <see cref="QdrantException"/>.</para>
/// </remarks>
public sealed class QdrantVectorStore : IVectorChunkStore, IDisposable
{
    private readonly QdrantGrpcConnector _client;
    private readonly string _collection;
    private readonly int _vectorSize;
    private readonly QdrantDistance _distance;
    private readonly bool _createCollection;
    private readonly int _batchSize;
    private readonly int _scrollPageSize;
    private readonly int _oversampling;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _ensureLock = new(1, 1);
    private volatile bool _collectionReady;

    /// <summary>Initializes a new instance of the <see cref="QdrantVectorStore"/> class.</summary>
    /// <param name="httpClient">
    /// The HTTP client the gRPC channel sends its calls with (it must be able to speak HTTP/2, as the default handler does);
    /// its <c>BaseAddress</c> is ignored in favour of <see cref="QdrantOptions.Endpoint"/>. The store does not dispose it.
    /// </param>
    /// <param name="options">The options; they are validated and copied.</param>
    /// <param name="timeProvider">The clock that measures request timeouts, or <see langword="null"/> for the system clock.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public QdrantVectorStore(HttpClient httpClient, QdrantOptions options, TimeProvider? timeProvider = null, ILogger<QdrantVectorStore>? logger = null)
        : this(CheckClient(httpClient), options, timeProvider, (ILogger?)logger)
    {
    }

    internal QdrantVectorStore(Func<HttpClient> httpClientFactory, QdrantOptions options, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptionsResult validation = new QdrantOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new ArgumentException("Invalid Qdrant options: " + validation.FailureMessage, nameof(options));
        }

        _logger = logger ?? NullLogger.Instance;
        _client = new QdrantGrpcConnector(httpClientFactory, options, timeProvider, _logger);
        _collection = options.Collection;
        _vectorSize = options.VectorSize;
        _distance = options.Distance;
        _createCollection = options.CreateCollectionIfMissing;
        _batchSize = options.UpsertBatchSize;
        _scrollPageSize = options.ScrollPageSize;
        _oversampling = options.QueryOversampling;
    }

    /// <summary>Gets the name of the collection this store reads and writes.</summary>
    public string CollectionName => _collection;

    /// <summary>Gets the vector dimension the collection is created with and every vector must have.</summary>
    public int VectorSize => _vectorSize;

    internal QdrantGrpcConnector Client => _client;

    /// <summary>Creates the collection and its payload indexes when they are missing (when <see cref="QdrantOptions.CreateCollectionIfMissing"/> is set).</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the collection exists.</returns>
    /// <remarks>Every other method calls this first, once; call it at start-up to fail fast on a wrong endpoint or key.</remarks>
    /// <exception cref="QdrantException">Qdrant failed.</exception>
    public async Task EnsureCollectionAsync(CancellationToken cancellationToken = default)
    {
        if (_collectionReady || !_createCollection)
        {
            return;
        }

        await _ensureLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_collectionReady)
            {
                return;
            }

            if (!await _client.CollectionExistsAsync(_collection, cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await _client.CreateCollectionAsync(_collection, _vectorSize, _distance, cancellationToken).ConfigureAwait(false);
                    QdrantLog.CollectionCreated(_logger, _collection, _vectorSize, _distance);
                }
                catch (QdrantException ex) when (ex.Kind == QdrantErrorKind.ServerError)
                {
                    // Another process may have created it between our check and our create: that is fine.
                    if (!await _client.CollectionExistsAsync(_collection, cancellationToken).ConfigureAwait(false))
                    {
                        throw;
                    }
                }
            }

            // Creating an existing index is a no-op in Qdrant, so this also repairs a collection created without them.
            await _client.CreatePayloadIndexAsync(_collection, QdrantAccessFilter.AclField, cancellationToken).ConfigureAwait(false);
            await _client.CreatePayloadIndexAsync(_collection, QdrantAccessFilter.DocumentIdField, cancellationToken).ConfigureAwait(false);
            _collectionReady = true;
        }
        finally
        {
            _ensureLock.Release();
        }
    }

    /// <inheritdoc/>
    /// <remarks>Returns <see langword="null"/> also when the document's points disagree (a replacement that failed part-way), so that it is written again.</remarks>
    public async ValueTask<string?> GetDocumentHashAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);
        string? hash = null;
        bool any = false;
        await foreach (MapField<string, Value> payload in ScrollPayloadsAsync(QdrantAccessFilter.ForDocument(documentId), DocumentHashOnly(), cancellationToken).ConfigureAwait(false))
        {
            string? pointHash = QdrantChunkMapping.ReadDocumentHash(payload);
            if (pointHash is null || (any && !string.Equals(hash, pointHash, StringComparison.Ordinal)))
            {
                return null;
            }

            hash = pointHash;
            any = true;
        }

        return hash;
    }

    /// <inheritdoc/>
    /// <exception cref="QdrantUpsertException">A batch failed; the exception tells which and what was written before it.</exception>
    /// <exception cref="QdrantException">Deleting the stale chunks failed (every new chunk is written).</exception>
    public async Task ReplaceDocumentAsync(string documentId, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken cancellationToken = default)
    {
        PointStruct[] points = ValidateAndMap(documentId, chunks);
        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);

        int batchCount = (points.Length + _batchSize - 1) / _batchSize;
        int written = 0;
        for (int batch = 0; batch < batchCount; batch++)
        {
            int offset = batch * _batchSize;
            int count = Math.Min(_batchSize, points.Length - offset);
            try
            {
                await _client.UpsertAsync(_collection, new ArraySegment<PointStruct>(points, offset, count), cancellationToken).ConfigureAwait(false);
            }
            catch (QdrantException ex)
            {
                QdrantLog.UpsertBatchFailed(_logger, batch + 1, batchCount, written);
                string[] notConfirmed = chunks.Skip(offset).Select(c => c.Chunk.Id).ToArray();
                throw new QdrantUpsertException(batch, batchCount, written, points.Length - written, notConfirmed, ex);
            }

            written += count;
        }

        QdrantLog.Upserted(_logger, points.Length, _collection, batchCount);

        string[] keep = points.Select(p => p.Id.Uuid).ToArray();
        await _client.DeletePointsAsync(_collection, QdrantAccessFilter.ForDocumentExcept(documentId, keep), cancellationToken).ConfigureAwait(false);
        QdrantLog.DocumentPointsDeleted(_logger, _collection, keep.Length);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);
        Filter filter = QdrantAccessFilter.ForDocument(documentId);
        ulong count = await _client.CountAsync(_collection, filter, cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            return false;
        }

        await _client.DeletePointsAsync(_collection, filter, cancellationToken).ConfigureAwait(false);
        QdrantLog.DocumentPointsDeleted(_logger, _collection, 0);
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <see cref="ChunkSearchResult.DeniedCount"/> counts only points Qdrant returned although the filter excludes them
    /// (a post-check catch): with the pre-filter inside Qdrant, the store cannot tell how many unreadable points would
    /// otherwise have ranked.
    /// </remarks>
    public async Task<ChunkSearchResult> SearchAsync(ReadOnlyMemory<float> vector, ChunkSearchFilter filter, int top, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        CheckVector(vector.Span, nameof(vector));
        Filter qdrantFilter = QdrantAccessFilter.ForCaller(filter);
        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);

        IReadOnlyList<ScoredPoint> points = await _client.QueryAsync(_collection, vector.ToArray(), qdrantFilter, (ulong)checked(top + _oversampling), cancellationToken).ConfigureAwait(false);

        var hits = new List<ScoredChunk>(Math.Min(points.Count, top));
        int denied = 0;
        int malformed = 0;
        foreach (ScoredPoint point in points)
        {
            if (!QdrantChunkMapping.TryReadChunk(point.Payload, out DocumentChunk? chunk))
            {
                malformed++;
                continue;
            }

            if (!filter.Allows(chunk))
            {
                denied++;
                continue;
            }

            if (hits.Count < top)
            {
                hits.Add(new ScoredChunk(chunk, point.Score));
            }
        }

        ReportDropped("query_points", denied, malformed);
        return new ChunkSearchResult(hits, denied);
    }

    /// <summary>Lists stored chunks page by page: every chunk, one document's, or those a caller may read.</summary>
    /// <param name="documentId">Only the chunks of this document, or <see langword="null"/> for every document.</param>
    /// <param name="access">
    /// The caller whose access rights apply (pre-filter in Qdrant, post-check here), or <see langword="null"/> for an
    /// administrative listing without access control, for example an export or a re-indexing job.
    /// </param>
    /// <param name="cancellationToken">A token to cancel the listing.</param>
    /// <returns>The chunks, in point-id order.</returns>
    /// <exception cref="QdrantException">Qdrant failed.</exception>
    public async IAsyncEnumerable<DocumentChunk> ScrollAsync(string? documentId = null, ChunkSearchFilter? access = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Filter? filter = access is not null
            ? QdrantAccessFilter.ForCaller(access, documentId)
            : documentId is not null ? QdrantAccessFilter.ForDocument(documentId) : null;
        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);

        int denied = 0;
        int malformed = 0;
        await foreach (MapField<string, Value> payload in ScrollPayloadsAsync(filter, new WithPayloadSelector { Enable = true }, cancellationToken).ConfigureAwait(false))
        {
            if (!QdrantChunkMapping.TryReadChunk(payload, out DocumentChunk? chunk))
            {
                malformed++;
                continue;
            }

            if ((access is not null && !access.Allows(chunk)) || (documentId is not null && chunk.DocumentId != documentId))
            {
                denied++;
                continue;
            }

            yield return chunk;
        }

        ReportDropped("scroll_points", denied, malformed);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _client.Dispose();
        _ensureLock.Dispose();
    }

    private static Func<HttpClient> CheckClient(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return () => httpClient;
    }

    private static WithPayloadSelector DocumentHashOnly()
    {
        var include = new PayloadIncludeSelector();
        include.Fields.Add("document_hash");
        return new WithPayloadSelector { Include = include };
    }

    private async IAsyncEnumerable<MapField<string, Value>> ScrollPayloadsAsync(Filter? filter, WithPayloadSelector withPayload, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        PointId? offset = null;
        while (true)
        {
            ScrollResponse page = await _client.ScrollAsync(_collection, filter, (uint)_scrollPageSize, offset, withPayload, cancellationToken).ConfigureAwait(false);
            foreach (RetrievedPoint point in page.Result)
            {
                yield return point.Payload;
            }

            if (page.NextPageOffset is not { PointIdOptionsCase: not PointId.PointIdOptionsOneofCase.None } next)
            {
                yield break;
            }

            if (offset is not null && offset.Equals(next))
            {
                throw new QdrantException("scroll_points", QdrantErrorKind.InvalidResponse, System.Net.HttpStatusCode.OK, "the next page offset repeats the current one");
            }

            offset = next;
        }
    }

    private PointStruct[] ValidateAndMap(string documentId, IReadOnlyList<EmbeddedChunk> chunks)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.Count == 0)
        {
            throw new ArgumentException("At least one chunk is required; use DeleteDocumentAsync to remove a document.", nameof(chunks));
        }

        var ids = new HashSet<string>(chunks.Count, StringComparer.Ordinal);
        var points = new PointStruct[chunks.Count];
        for (int i = 0; i < chunks.Count; i++)
        {
            DocumentChunk chunk = chunks[i].Chunk ?? throw new ArgumentException("A chunk is null.", nameof(chunks));
            if (!string.Equals(chunk.DocumentId, documentId, StringComparison.Ordinal))
            {
                throw new ArgumentException("Every chunk must belong to the document being replaced.", nameof(chunks));
            }

            if (!ids.Add(chunk.Id))
            {
                throw new ArgumentException("Chunk ids must be unique within a document.", nameof(chunks));
            }

            if (chunk.AllowedPrincipals is null)
            {
                throw new ArgumentException("Every chunk needs an access-control list.", nameof(chunks));
            }

            CheckVector(chunks[i].Vector.Span, nameof(chunks));
            points[i] = QdrantChunkMapping.ToPoint(chunks[i]);
        }

        return points;
    }

    private void CheckVector(ReadOnlySpan<float> vector, string paramName)
    {
        if (vector.Length != _vectorSize)
        {
            throw new ArgumentException($"The vector has {vector.Length} dimensions; the Qdrant collection is configured for {_vectorSize} (QdrantOptions.VectorSize).", paramName);
        }

        foreach (float value in vector)
        {
            if (!float.IsFinite(value))
            {
                throw new ArgumentException("The vector contains NaN or infinity.", paramName);
            }
        }
    }

    private void ReportDropped(string operation, int denied, int malformed)
    {
        if (denied > 0)
        {
            QdrantLog.PostCheckDenied(_logger, denied);
            QdrantTelemetry.PointsDenied.Add(denied);
        }

        if (malformed > 0)
        {
            QdrantLog.MalformedPoints(_logger, operation, malformed);
            QdrantTelemetry.PointsMalformed.Add(malformed, new KeyValuePair<string, object?>(QdrantTelemetry.Tags.DbOperation, operation));
        }
    }
}
