using System.Diagnostics;
using System.Text.Json;
using Compliant.AI.Auditing.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Tests.Grounding;

/// <summary>
/// An auditing stage around a grounding stage, with every channel a canary could leak through captured: the response and
/// its updates, the audit record as written to the sink, the grounding logs and the span tags.
/// </summary>
/// <remarks>Use it only from tests in the <see cref="GroundingTelemetryGroup"/> collection (the span listener sees every test's spans).</remarks>
public sealed class GroundingChannels : IDisposable
{
    private readonly List<Activity> _activities = [];
    private readonly ActivityListener _listener;
    private readonly FakeLogCollector _logs = new();
    private readonly InMemoryAuditSink _sink = new();
    private readonly AuditingChatClient _client;

    public GroundingChannels(IChatClient model, IRetriever retriever, GroundingOptions? options = null)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Compliant.AI",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (_activities)
                {
                    _activities.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        var grounding = new GroundingChatClient(model, retriever, options, logger: new FakeLogger<GroundingChatClient>(_logs));
        _client = new AuditingChatClient(grounding, _sink, TestKeys.Audit, timeProvider: new FakeTimeProvider());
    }

    /// <summary>Gets the pipeline: auditing outside grounding.</summary>
    public IChatClient Client => _client;

    /// <summary>Gets the single audit record written so far.</summary>
    public AuditRecord Record => Assert.Single(_sink.Records);

    /// <summary>Gets the grounding verdict of the single audit record.</summary>
    public AuditVerdict Verdict => Assert.Single(Record.Verdicts, v => v.Stage == "grounding");

    /// <summary>Renders the audit records, the logs and the span tags as text, for canary checks.</summary>
    public string Recorded()
    {
        string audited = string.Join("\n", _sink.Records.Select(r => JsonSerializer.Serialize(r, AuditJsonContext.Default.AuditRecord)));
        string logged = string.Join("\n", _logs.GetSnapshot().Select(r => r.Message + " " + string.Join(",", r.StructuredState ?? [])));
        string traced;
        lock (_activities)
        {
            traced = string.Join("\n", _activities.SelectMany(a => a.TagObjects.Select(t => t.Key + "=" + Render(t.Value)).Append(a.DisplayName).Append(a.StatusDescription)));
        }

        return audited + "\n" + logged + "\n" + traced;
    }

    public void Dispose()
    {
        _listener.Dispose();
        _client.Dispose();
    }

    private static string Render(object? value) => value is System.Collections.IEnumerable list and not string ? string.Join(",", list.Cast<object?>()) : value?.ToString() ?? string.Empty;
}
