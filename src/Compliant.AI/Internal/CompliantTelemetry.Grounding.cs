using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

internal static partial class CompliantTelemetry
{
    /// <summary>Names, tags and instruments of the grounding stage.</summary>
    public static class Grounding
    {
        public const string StageName = "grounding";

        public const string SourceCount = "compliant_ai.grounding.source_count";
        public const string DeniedCount = "compliant_ai.grounding.denied_count";
        public const string CitedSourceIds = "compliant_ai.grounding.cited_source_ids";
        public const string CitedChunkIds = "compliant_ai.grounding.cited_chunk_ids";
        public const string CitationCount = "compliant_ai.grounding.citation_count";
        public const string UnsupportedClaims = "compliant_ai.grounding.unsupported_claims";
        public const string Attempts = "compliant_ai.grounding.attempts";
        public const string Decision = "compliant_ai.grounding.decision";
        public const string Cited = "compliant_ai.grounding.cited";
        public const string StreamingMode = "compliant_ai.grounding.streaming_mode";

        public const string ResponsesName = "compliant_ai.grounding.responses";
        public const string CitationsName = "compliant_ai.grounding.citations";
        public const string UnsupportedClaimsName = "compliant_ai.grounding.unsupported_claims";

        public static readonly Counter<long> Responses = Meter.CreateCounter<long>(
            ResponsesName, "{response}", "Grounded responses by grounding outcome (answered, annotated, flagged, blocked, refused) and reason.");

        public static readonly Counter<long> Citations = Meter.CreateCounter<long>(
            CitationsName, "{citation}", "Valid citations attached to grounded answers.");

        public static readonly Counter<long> UnsupportedClaimsCounter = Meter.CreateCounter<long>(
            UnsupportedClaimsName, "{claim}", "Cited claims that their cited sources do not support.");
    }
}
