using System.Diagnostics;
using System.Globalization;
using Compliant.AI.Internal;

namespace Compliant.AI.Retrieval.Internal;

/// <summary>One span, one latency measurement and the denial accounting for each retrieval query.</summary>
/// <remarks>Records chunk ids and scores only: never passage text, the query text or the caller's principals.</remarks>
internal readonly struct RetrievalInstrumentation : IDisposable
{
    private readonly Activity? _activity;
    private readonly long _start;
    private readonly string _retriever;

    private RetrievalInstrumentation(string retriever, int topK)
    {
        _retriever = retriever;
        _start = Stopwatch.GetTimestamp();
        _activity = CompliantTelemetry.ActivitySource.HasListeners()
            ? CompliantTelemetry.ActivitySource.StartActivity(CompliantTelemetry.Spans.Retrieval, ActivityKind.Internal)
            : null;
        if (_activity is not null)
        {
            _activity.SetTag(CompliantTelemetry.Tags.Stage, "retrieval");
            _activity.SetTag(CompliantTelemetry.Retrieval.Retriever, retriever);
            _activity.SetTag(CompliantTelemetry.Retrieval.TopK, topK);
        }
    }

    public static RetrievalInstrumentation Start(string retriever, int topK) => new(retriever, topK);

    /// <summary>Records the outcome. Call once, with the final, access-checked result.</summary>
    /// <param name="result">The result returned to the caller.</param>
    /// <param name="deniedIds">The ids of the withheld chunks, where the retriever knows them.</param>
    /// <param name="unidentifiedDenied">How many withheld chunks were counted without knowing which (a store's bare count).</param>
    /// <remarks>
    /// Inside a composite retriever (<see cref="DenialCollector.Current"/> set) the denials go to the collector, which
    /// records each chunk once for the whole query; otherwise they are added to the metric and the audit record here.
    /// </remarks>
    public void Complete(RetrievalResult result, IReadOnlyCollection<string>? deniedIds = null, int unidentifiedDenied = 0)
    {
        if (DenialCollector.Current is { } collector)
        {
            collector.Report(deniedIds, unidentifiedDenied);
        }
        else if (result.DeniedCount > 0)
        {
            CompliantTelemetry.Retrieval.Denied.Add(result.DeniedCount, new KeyValuePair<string, object?>(CompliantTelemetry.Retrieval.Retriever, _retriever));
            AuditScope.Current?.Increment(CompliantTelemetry.Retrieval.AuditDeniedCounter, result.DeniedCount);
        }

        if (_activity is null)
        {
            return;
        }

        _activity.SetTag(CompliantTelemetry.Retrieval.ResultCount, result.Passages.Count);
        _activity.SetTag(CompliantTelemetry.Retrieval.DeniedCount, result.DeniedCount);
        _activity.SetTag(CompliantTelemetry.Retrieval.HasEvidence, result.HasEvidence);
        if (_activity.IsAllDataRequested && result.Passages.Count > 0)
        {
            string[] ids = new string[result.Passages.Count];
            double[] scores = new double[result.Passages.Count];
            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = result.Passages[i].ChunkId;
                scores[i] = Math.Round(result.Passages[i].Score, 6);
            }

            _activity.SetTag(CompliantTelemetry.Retrieval.ChunkIds, ids);
            _activity.SetTag(CompliantTelemetry.Retrieval.Scores, scores);
        }
    }

    public void Fail(Exception exception)
    {
        if (_activity is not null)
        {
            _activity.SetStatus(ActivityStatusCode.Error);
            _activity.SetTag(CompliantTelemetry.Tags.ErrorType, exception.GetType().FullName);
        }
    }

    public void Dispose()
    {
        double seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        CompliantTelemetry.Retrieval.QueryDuration.Record(seconds, new KeyValuePair<string, object?>(CompliantTelemetry.Retrieval.Retriever, _retriever));
        _activity?.Dispose();
    }

    internal static string FormatScore(double score) => score.ToString("0.######", CultureInfo.InvariantCulture);
}
