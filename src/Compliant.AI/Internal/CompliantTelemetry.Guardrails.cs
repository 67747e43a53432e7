using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

internal static partial class CompliantTelemetry
{
    /// <summary>Names, tags and instruments of the guardrails stage.</summary>
    public static class Guardrails
    {
        public const string StageName = "guardrails";
        public const string SpanName = "compliant_ai.guardrails";

        public const string Source = "compliant_ai.guardrails.source";
        public const string Action = "compliant_ai.guardrails.action";
        public const string Signal = "compliant_ai.guardrails.signal";
        public const string MaxScore = "compliant_ai.guardrails.max_score";
        public const string Checked = "compliant_ai.guardrails.checked";
        public const string Flagged = "compliant_ai.guardrails.flagged";
        public const string Signals = "compliant_ai.guardrails.signals";

        public const string VerdictsName = "compliant_ai.guardrails.verdicts";
        public const string ScoreName = "compliant_ai.guardrails.score";

        public static readonly Counter<long> Verdicts = Meter.CreateCounter<long>(
            VerdictsName, "{text}", "Texts checked for prompt injection, by source, decision and action.");

        public static readonly Histogram<double> Score = Meter.CreateHistogram<double>(
            ScoreName, "1", "Prompt-injection scores of the texts checked, by source.");
    }
}
