using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

internal static partial class CompliantTelemetry
{
    /// <summary>Retrieval names (span <see cref="Spans.Retrieval"/>). Tags carry ids, scores and counts only — never text or principals.</summary>
    public static class Retrieval
    {
        public const string Retriever = "compliant_ai.retrieval.retriever";
        public const string TopK = "compliant_ai.retrieval.top_k";
        public const string ResultCount = "compliant_ai.retrieval.result_count";
        public const string DeniedCount = "compliant_ai.retrieval.denied_count";
        public const string HasEvidence = "compliant_ai.retrieval.has_evidence";
        public const string ChunkIds = "compliant_ai.retrieval.chunk_ids";
        public const string Scores = "compliant_ai.retrieval.scores";

        public const string QueryDurationName = "compliant_ai.retrieval.duration";
        public const string DeniedName = "compliant_ai.retrieval.denied";
        public const string ChunksIngestedName = "compliant_ai.retrieval.chunks_ingested";

        public const string AuditDeniedCounter = "retrieval.denied";

        public static readonly Histogram<double> QueryDuration = Meter.CreateHistogram<double>(
            QueryDurationName, Metrics.UnitSeconds, "Duration of retrieval queries.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

        public static readonly Counter<long> Denied = Meter.CreateCounter<long>(
            DeniedName, "{passage}", "Candidate passages withheld from callers who may not read them.");

        public static readonly Counter<long> ChunksIngested = Meter.CreateCounter<long>(
            ChunksIngestedName, "{chunk}", "Chunks written to retrieval indexes.");
    }
}
