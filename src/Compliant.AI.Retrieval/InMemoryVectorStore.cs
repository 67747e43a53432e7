using System.Buffers;
using System.Numerics.Tensors;
using Compliant.AI.Retrieval.Internal;

namespace Compliant.AI;

/// <summary>An in-process <see cref="IVectorChunkStore"/> with exact cosine search and an access-control pre-filter.</summary>
/// <remarks>
/// <para>
/// Vectors are L2-normalized on insert and kept in one contiguous array, so a query is one dot product per readable
/// chunk (<see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>): cost grows linearly with
/// chunks × dimensions. The caller's readable chunks are computed first as a bitmap from principal postings; chunks
/// outside it are never scored into the result (they are scored only to count how many would have ranked).
/// </para>
/// <para>Thread-safe: searches run concurrently; writes take an exclusive lock. Every vector must have the same dimension.</para>
/// </remarks>
public sealed class InMemoryVectorStore : IVectorChunkStore, IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, (string Hash, int[] Slots)> _documents = new(StringComparer.Ordinal);
    private readonly AclPostings _acl = new();
    private readonly Stack<int> _free = new();
    private DocumentChunk?[] _chunks = new DocumentChunk?[64];
    private float[] _vectors = [];
    private int _slotCount;
    private int _dimensions;

    /// <summary>Gets the vector dimension, or 0 before the first write.</summary>
    public int Dimensions => _dimensions;

    /// <summary>Gets the number of chunks stored.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _slotCount - _free.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<string?> GetDocumentHashAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        _lock.EnterReadLock();
        try
        {
            return new(_documents.TryGetValue(documentId, out var entry) ? entry.Hash : null);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <inheritdoc/>
    public Task ReplaceDocumentAsync(string documentId, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken cancellationToken = default)
    {
        ChunkValidation.ValidateDocumentChunks(documentId, chunks, static c => c.Chunk);
        int dimensions = chunks[0].Vector.Length;
        if (dimensions == 0)
        {
            throw new ArgumentException("Vectors must not be empty.", nameof(chunks));
        }

        // Normalize outside the lock.
        var normalized = new float[chunks.Count * dimensions];
        for (int i = 0; i < chunks.Count; i++)
        {
            ReadOnlySpan<float> v = chunks[i].Vector.Span;
            if (v.Length != dimensions)
            {
                throw new ArgumentException("Every vector must have the same dimension.", nameof(chunks));
            }

            Normalize(v, normalized.AsSpan(i * dimensions, dimensions));
        }

        cancellationToken.ThrowIfCancellationRequested();
        _lock.EnterWriteLock();
        try
        {
            if (_dimensions == 0)
            {
                _dimensions = dimensions;
            }
            else if (_dimensions != dimensions)
            {
                throw new ArgumentException($"The store holds {_dimensions}-dimensional vectors; got {dimensions}.", nameof(chunks));
            }

            RemoveLocked(documentId);
            int[] slots = new int[chunks.Count];
            for (int i = 0; i < chunks.Count; i++)
            {
                int slot = AllocateSlot();
                slots[i] = slot;
                DocumentChunk chunk = chunks[i].Chunk;
                _chunks[slot] = chunk;
                normalized.AsSpan(i * dimensions, dimensions).CopyTo(_vectors.AsSpan(slot * dimensions, dimensions));
                _acl.Add(slot, chunk.AllowedPrincipals);
            }

            _documents[documentId] = (chunks[0].Chunk.DocumentHash, slots);
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        _lock.EnterWriteLock();
        try
        {
            return Task.FromResult(RemoveLocked(documentId));
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <inheritdoc/>
    public Task<ChunkSearchResult> SearchAsync(ReadOnlyMemory<float> vector, ChunkSearchFilter filter, int top, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        cancellationToken.ThrowIfCancellationRequested();

        _lock.EnterReadLock();
        ulong[]? bitmap = null;
        float[]? query = null;
        try
        {
            if (_slotCount == 0)
            {
                return Task.FromResult(new ChunkSearchResult([]));
            }

            if (vector.Length != _dimensions)
            {
                throw new ArgumentException($"The query vector has {vector.Length} dimensions; the store holds {_dimensions}.", nameof(vector));
            }

            int dims = _dimensions;
            query = ArrayPool<float>.Shared.Rent(dims);
            Normalize(vector.Span, query.AsSpan(0, dims));
            ReadOnlySpan<float> q = query.AsSpan(0, dims);

            int words = (_slotCount + 63) >> 6;
            bitmap = ArrayPool<ulong>.Shared.Rent(words);
            Span<ulong> allowedBits = bitmap.AsSpan(0, words);
            _acl.Fill(filter.Principals, allowedBits);

            var allowed = new TopK(top);
            var denied = new TopK(top);
            ReadOnlySpan<float> vectors = _vectors;
            for (int slot = 0; slot < _slotCount; slot++)
            {
                DocumentChunk? chunk = _chunks[slot];
                if (chunk is null || (filter.Fields is not null && !filter.MatchesFields(chunk)))
                {
                    continue;
                }

                float score = TensorPrimitives.Dot(q, vectors.Slice(slot * dims, dims));
                if ((allowedBits[slot >> 6] & (1UL << slot)) != 0)
                {
                    allowed.Add(slot, score);
                }
                else if (score > allowed.Threshold)
                {
                    denied.Add(slot, score);
                }
            }

            (int Id, float Score)[] allowedHits = allowed.ToSortedArray();
            (int Id, float Score)[] deniedSorted = denied.ToSortedArray();
            string[] deniedIds = DeniedCounter.Ids(allowedHits, deniedSorted, top, _chunks);
            var deniedScores = new double[deniedIds.Length];
            for (int i = 0; i < deniedScores.Length; i++)
            {
                deniedScores[i] = deniedSorted[i].Score;
            }

            var hits = new ScoredChunk[allowedHits.Length];
            for (int i = 0; i < hits.Length; i++)
            {
                hits[i] = new ScoredChunk(_chunks[allowedHits[i].Id]!, allowedHits[i].Score);
            }

            return Task.FromResult(new ChunkSearchResult(hits, deniedIds.Length) { DeniedChunkIds = deniedIds, DeniedChunkScores = deniedScores });
        }
        finally
        {
            _lock.ExitReadLock();
            if (bitmap is not null)
            {
                ArrayPool<ulong>.Shared.Return(bitmap);
            }

            if (query is not null)
            {
                ArrayPool<float>.Shared.Return(query);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _lock.Dispose();

    private static void Normalize(ReadOnlySpan<float> source, Span<float> destination)
    {
        float norm = TensorPrimitives.Norm(source);
        if (norm > 0 && float.IsFinite(norm))
        {
            TensorPrimitives.Divide(source, norm, destination);
        }
        else
        {
            destination.Clear();
        }
    }

    private bool RemoveLocked(string documentId)
    {
        if (!_documents.Remove(documentId, out var entry))
        {
            return false;
        }

        foreach (int slot in entry.Slots)
        {
            DocumentChunk chunk = _chunks[slot]!;
            _acl.Remove(slot, chunk.AllowedPrincipals);
            _chunks[slot] = null;
            _vectors.AsSpan(slot * _dimensions, _dimensions).Clear();
            _free.Push(slot);
        }

        return true;
    }

    private int AllocateSlot()
    {
        if (_free.Count > 0)
        {
            return _free.Pop();
        }

        int slot = _slotCount++;
        if (slot >= _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunks.Length * 2);
        }

        if ((slot + 1) * _dimensions > _vectors.Length)
        {
            Array.Resize(ref _vectors, Math.Max((slot + 1) * _dimensions, _vectors.Length * 2));
        }

        return slot;
    }
}
