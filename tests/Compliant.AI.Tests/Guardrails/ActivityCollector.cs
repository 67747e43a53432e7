using System.Collections.Concurrent;
using System.Diagnostics;
using Compliant.AI.Internal;

namespace Compliant.AI.Tests.Guardrails;

/// <summary>Records the Compliant.AI activities stopped while it lives (every source's listener sees all tests, so filter by name).</summary>
internal sealed class ActivityCollector : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public ActivityCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == CompliantTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Stopped => [.. _stopped];

    public void Dispose() => _listener.Dispose();
}
