using System.Linq.Expressions;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;

namespace Compliant.AI.Tests.Retrieval.Fakes;

/// <summary>
/// A test-only Microsoft.Extensions.VectorData collection: records live in memory, filters are LINQ expressions compiled
/// and evaluated on every record (as VectorData's in-memory connector does), search ranks by cosine similarity. Records
/// are copied in and out, as a database would serialize them. Faults can be injected to prove the adapter's behaviour.
/// </summary>
/// <remarks>No in-memory VectorData connector is available in this package mirror, so the adapter is tested against this.</remarks>
internal sealed class TestVectorDataCollection(string name = "chunks") : VectorStoreCollection<string, VectorChunkRecord>
{
    private readonly Dictionary<string, VectorChunkRecord> _records = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public override string Name => name;

    /// <summary>Gets or sets a value indicating whether search ignores the filter (a connector that post-filters or drops it).</summary>
    public bool IgnoreSearchFilter { get; set; }

    /// <summary>Gets or sets a value indicating whether a filter with <c>Enumerable.Any</c> is rejected, as a connector without array-overlap support would.</summary>
    public bool RejectAnyFilter { get; set; }

    /// <summary>Gets or sets an exception every call throws.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Gets or sets a value indicating whether calls never complete and ignore cancellation (a hung connector).</summary>
    public bool Hang { get; set; }

    /// <summary>Gets or sets after how many successful upsert calls every further upsert throws, or -1 for never.</summary>
    public int FailUpsertAfter { get; set; } = -1;

    public int UpsertCalls { get; private set; }

    public int DeleteCalls { get; private set; }

    public bool Exists { get; private set; }

    public Expression<Func<VectorChunkRecord, bool>>? LastSearchFilter { get; private set; }

    public int LastSearchTop { get; private set; }

    public IReadOnlyList<VectorChunkRecord> Snapshot()
    {
        lock (_lock)
        {
            return _records.Values.Select(Copy).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        }
    }

    public override async Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        await FaultAsync();
        return Exists;
    }

    public override async Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        await FaultAsync();
        Exists = true;
    }

    public override async Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        await FaultAsync();
        lock (_lock)
        {
            _records.Clear();
        }

        Exists = false;
    }

    public override async Task<VectorChunkRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        await FaultAsync();
        lock (_lock)
        {
            return _records.TryGetValue(key, out VectorChunkRecord? record) ? Copy(record, options?.IncludeVectors ?? false) : null;
        }
    }

    public override async IAsyncEnumerable<VectorChunkRecord> GetAsync(Expression<Func<VectorChunkRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<VectorChunkRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await FaultAsync();
        CheckFilter(filter);
        Func<VectorChunkRecord, bool> predicate = filter.Compile();
        List<VectorChunkRecord> matches;
        lock (_lock)
        {
            matches = _records.Values.Where(predicate).OrderBy(r => r.Key, StringComparer.Ordinal).Skip(options?.Skip ?? 0).Take(top)
                .Select(r => Copy(r, options?.IncludeVectors ?? false)).ToList();
        }

        foreach (VectorChunkRecord record in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }
    }

    public override async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        await FaultAsync();
        lock (_lock)
        {
            DeleteCalls++;
            _records.Remove(key);
        }
    }

    public override async Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        await FaultAsync();
        lock (_lock)
        {
            DeleteCalls++;
            foreach (string key in keys)
            {
                _records.Remove(key);
            }
        }
    }

    public override Task UpsertAsync(VectorChunkRecord record, CancellationToken cancellationToken = default) => UpsertAsync([record], cancellationToken);

    public override async Task UpsertAsync(IEnumerable<VectorChunkRecord> records, CancellationToken cancellationToken = default)
    {
        await FaultAsync();
        lock (_lock)
        {
            if (FailUpsertAfter >= 0 && UpsertCalls >= FailUpsertAfter)
            {
                throw new VectorStoreException("upsert rejected by the test collection");
            }

            UpsertCalls++;
            foreach (VectorChunkRecord record in records)
            {
                _records[record.Key] = Copy(record, includeVectors: true);
            }
        }
    }

    public override async IAsyncEnumerable<VectorSearchResult<VectorChunkRecord>> SearchAsync<TInput>(TInput searchValue, int top, VectorSearchOptions<VectorChunkRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await FaultAsync();
        if (searchValue is not ReadOnlyMemory<float> query)
        {
            throw new NotSupportedException("The test collection searches by ReadOnlyMemory<float> only.");
        }

        LastSearchFilter = options?.Filter;
        LastSearchTop = top;
        if (options?.Filter is { } filter)
        {
            CheckFilter(filter);
        }

        Func<VectorChunkRecord, bool> predicate = options?.Filter is { } f && !IgnoreSearchFilter ? f.Compile() : static _ => true;
        List<VectorSearchResult<VectorChunkRecord>> ranked;
        lock (_lock)
        {
            ranked = _records.Values
                .Where(predicate)
                .Select(r => new VectorSearchResult<VectorChunkRecord>(Copy(r, options?.IncludeVectors ?? false), TensorPrimitives.CosineSimilarity(query.Span, r.Embedding.Span)))
                .OrderByDescending(r => r.Score)
                .ThenBy(r => r.Record.Key, StringComparer.Ordinal)
                .Skip(options?.Skip ?? 0)
                .Take(top)
                .ToList();
        }

        foreach (VectorSearchResult<VectorChunkRecord> result in ranked)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return result;
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(VectorStoreCollectionMetadata)
            ? new VectorStoreCollectionMetadata { VectorStoreSystemName = "test", CollectionName = Name }
            : null;

    private static VectorChunkRecord Copy(VectorChunkRecord r) => Copy(r, includeVectors: true);

    private static VectorChunkRecord Copy(VectorChunkRecord r, bool includeVectors) => new()
    {
        Key = r.Key,
        DocumentId = r.DocumentId,
        Ordinal = r.Ordinal,
        Text = r.Text,
        Start = r.Start,
        End = r.End,
        AllowedPrincipals = r.AllowedPrincipals is null ? null! : [.. r.AllowedPrincipals],
        Title = r.Title,
        SectionPath = r.SectionPath,
        SourceUri = r.SourceUri,
        Classification = r.Classification,
        Version = r.Version,
        ContentHash = r.ContentHash,
        DocumentHash = r.DocumentHash,
        IngestedAt = r.IngestedAt,
        Metadata = [.. r.Metadata],
        Embedding = includeVectors ? r.Embedding.ToArray() : default,
    };

    private void CheckFilter(Expression filter)
    {
        if (RejectAnyFilter && new AnyFinder().Find(filter))
        {
            throw new NotSupportedException("Unsupported method call: Enumerable.Any");
        }
    }

    private async Task FaultAsync()
    {
        if (Hang)
        {
            await new TaskCompletionSource().Task; // never completes, ignores cancellation
        }

        if (Failure is not null)
        {
            throw Failure;
        }
    }

    private sealed class AnyFinder : ExpressionVisitor
    {
        private bool _found;

        public bool Find(Expression e)
        {
            Visit(e);
            return _found;
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            _found |= node.Method.Name == nameof(Enumerable.Any);
            return base.VisitMethodCall(node);
        }
    }
}
