using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

internal static partial class CompliantTelemetry
{
    /// <summary>Names, tags and instruments of the guardrails stage.</summary>
    public static class Guardrails
    {
        public const string StageName = "guardrails";
        public const string SpanName = "compliant_ai.guardrails";
        public const string PassagesSpanName = "compliant_ai.guardrails.passages";

        /// <summary>The reason of the stage's <c>allow</c> when nothing it checked was flagged (not audited).</summary>
        public const string CleanReason = "no_injection";

        public const string Source = "compliant_ai.guardrails.source";
        public const string Action = "compliant_ai.guardrails.action";
        public const string MaxScore = "compliant_ai.guardrails.max_score";
        public const string Checked = "compliant_ai.guardrails.checked";
        public const string Flagged = "compliant_ai.guardrails.flagged";
        public const string Signals = "compliant_ai.guardrails.signals";

        // Which untrusted text was flagged: ids of approved documents and tool calls, never their text.
        public const string DocumentId = "compliant_ai.guardrails.document_id";
        public const string ChunkId = "compliant_ai.guardrails.chunk_id";
        public const string FunctionName = "compliant_ai.guardrails.function_name";
        public const string CallId = "compliant_ai.guardrails.call_id";
        public const string FlaggedDocuments = "compliant_ai.guardrails.flagged_documents";
        public const string FlaggedChunks = "compliant_ai.guardrails.flagged_chunks";
        public const string FlaggedFunctions = "compliant_ai.guardrails.flagged_functions";
        public const string FlaggedCalls = "compliant_ai.guardrails.flagged_calls";

        public const string VerdictsName = "compliant_ai.guardrails.verdicts";
        public const string ScoreName = "compliant_ai.guardrails.score";

        public static readonly Counter<long> Verdicts = Meter.CreateCounter<long>(
            VerdictsName, "{text}", "Texts checked for prompt injection, by source, decision (allow, modify, deny) and action (none when clean).");

        public static readonly Histogram<double> Score = Meter.CreateHistogram<double>(
            ScoreName, "1", "Prompt-injection scores of the texts checked, by source.");
    }
}
