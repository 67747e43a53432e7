namespace Compliant.AI;

/// <summary>The audit record of the interaction in progress, which inner stages add verdicts, counters and sources to.</summary>
/// <remarks>
/// <para>
/// The auditing stage creates one scope per interaction and makes it <see cref="Current"/> for everything it calls,
/// including each step of a streamed response. A stage used without auditing sees <see cref="Current"/> as
/// <see langword="null"/> and simply records nothing.
/// </para>
/// <para>All members are thread-safe.</para>
/// </remarks>
public sealed class AuditScope
{
    private static readonly AsyncLocal<AuditScope?> CurrentScope = new();
    private readonly Lock _gate = new();

    /// <summary>Initializes a new instance of the <see cref="AuditScope"/> class.</summary>
    /// <param name="record">The record this scope fills in.</param>
    public AuditScope(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Record = record;
    }

    /// <summary>Gets or sets the scope of the interaction in progress on this logical call path.</summary>
    public static AuditScope? Current
    {
        get => CurrentScope.Value;
        set => CurrentScope.Value = value;
    }

    /// <summary>Gets the record. Read it only after the interaction completed; update it through this scope.</summary>
    public AuditRecord Record { get; }

    /// <summary>Appends a verdict.</summary>
    /// <param name="verdict">The verdict.</param>
    public void AddVerdict(AuditVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        lock (_gate)
        {
            Record.Verdicts.Add(verdict);
        }
    }

    /// <summary>Adds <paramref name="value"/> to the counter <paramref name="name"/>.</summary>
    /// <param name="name">A counter name that contains no personal data.</param>
    /// <param name="value">The amount to add.</param>
    public void Increment(string name, long value = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_gate)
        {
            Record.Counters[name] = Record.Counters.TryGetValue(name, out long current) ? current + value : value;
        }
    }

    /// <summary>Adds source ids, skipping ones already recorded.</summary>
    /// <param name="sourceIds">The ids.</param>
    public void AddSources(IEnumerable<string> sourceIds)
    {
        ArgumentNullException.ThrowIfNull(sourceIds);
        lock (_gate)
        {
            foreach (string id in sourceIds)
            {
                if (!Record.SourceIds.Contains(id))
                {
                    Record.SourceIds.Add(id);
                }
            }
        }
    }

    /// <summary>Runs <paramref name="update"/> on the record under the scope's lock.</summary>
    /// <param name="update">The change to make, for example setting token counts or cost.</param>
    public void Update(Action<AuditRecord> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            update(Record);
        }
    }
}
