using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

internal static partial class CompliantTelemetry
{
    /// <summary>Names and instruments of the cascading stage (escalation after the cheap model answered; up-front routing is in Resilience).</summary>
    public static class Cascade
    {
        public const string StageName = "cascade";
        public const string SpanName = "compliant_ai.cascade";
        public const string RequestsName = "compliant_ai.cascade.requests";
        public const string UnitRequests = "{request}";
        public const string TierTag = "compliant_ai.cascade.tier";
        public const string ReasonTag = "compliant_ai.cascade.reason";

        /// <summary>Tiers, in verdicts, metric tags and audit counters.</summary>
        public const string Primary = "primary";
        public const string Escalation = "escalation";

        /// <summary>Reason codes, in audit verdicts, metric tags and audit counters.</summary>
        public const string Confident = "confident";
        public const string LowConfidence = "low_confidence";
        public const string ConfidenceMissing = "confidence_missing";
        public const string SchemaFailure = "schema_failure";
        public const string PrimaryFailure = "primary_failure";
        public const string EscalationRefused = "escalation_refused";

        /// <summary>Audit counter names (in <see cref="AuditScope"/>).</summary>
        public const string AuditRequests = "cascade.requests";
        public const string AuditEscalations = "cascade.escalations";
        public const string AuditEscalationRefused = "cascade.escalation_refused";

        public static readonly Counter<long> Requests = Meter.CreateCounter<long>(RequestsName, UnitRequests, "Requests answered by the cascade, by the tier that answered, the reason and the tenant.");
    }
}
