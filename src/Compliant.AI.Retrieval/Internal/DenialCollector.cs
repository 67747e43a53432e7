namespace Compliant.AI.Retrieval.Internal;

/// <summary>
/// Collects the access denials of the retrievers a composite retriever runs, so that one query records each withheld
/// chunk once (in the audit record and the metric), however many inner retrievers withheld it.
/// </summary>
/// <remarks>
/// <para>
/// A composite retriever sets <see cref="Current"/> to a fresh collector while it starts each inner retriever (the value
/// flows with the execution context into the inner call). <see cref="RetrievalInstrumentation.Complete"/> then reports
/// to the collector instead of recording: chunk ids where the retriever knows them, a bare count otherwise.
/// </para>
/// <para>Holds chunk ids in memory only; they are never logged, traced or returned.</para>
/// </remarks>
internal sealed class DenialCollector
{
    private static readonly AsyncLocal<DenialCollector?> CurrentCollector = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _unidentified;

    /// <summary>Gets or sets the collector the retriever running in this execution context reports to, if any.</summary>
    public static DenialCollector? Current
    {
        get => CurrentCollector.Value;
        set => CurrentCollector.Value = value;
    }

    /// <summary>Gets a value indicating whether a retriever reported (even zero denials).</summary>
    public bool Reported { get; private set; }

    /// <summary>Runs <paramref name="start"/> with <see cref="Current"/> set to this collector, then restores the previous one.</summary>
    public Task<T> Run<T>(Func<Task<T>> start)
    {
        DenialCollector? previous = Current;
        Current = this;
        try
        {
            return start();
        }
        finally
        {
            Current = previous;
        }
    }

    /// <summary>Records the denials of one retrieval.</summary>
    /// <param name="ids">The ids of the withheld chunks the retriever knows.</param>
    /// <param name="unidentified">How many further withheld chunks the retriever counted without knowing which.</param>
    public void Report(IEnumerable<string>? ids, int unidentified)
    {
        lock (_lock)
        {
            Reported = true;
            if (ids is not null)
            {
                _ids.UnionWith(ids);
            }

            _unidentified = Math.Max(_unidentified, unidentified);
        }
    }

    /// <summary>Adds this collector's denials to a union across retrievers.</summary>
    /// <param name="ids">The union of identified chunk ids.</param>
    /// <returns>The count of unidentified denials of this collector.</returns>
    public int AddTo(HashSet<string> ids)
    {
        lock (_lock)
        {
            ids.UnionWith(_ids);
            return _unidentified;
        }
    }
}
