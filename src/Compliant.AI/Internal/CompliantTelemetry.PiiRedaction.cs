using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

/// <content>Telemetry names and instruments of the PII redaction middleware.</content>
internal static partial class CompliantTelemetry
{
    /// <summary>Names, tags and instruments of the PII redaction stage. Tags carry entity type names and counts only.</summary>
    public static class PiiRedaction
    {
        public const string StageName = "pii_redaction";
        public const string RedactedReason = "redacted";
        public const string NothingRedactedReason = "no_entities";
        public const string RedactedMetric = "compliant_ai.pii.redacted";
        public const string RestoredMetric = "compliant_ai.pii.restored";
        public const string UnitEntities = "{entity}";
        public const string UnitPlaceholders = "{placeholder}";
        public const string RedactedCountTag = "compliant_ai.pii.redacted_count";
        public const string RestoredCountTag = "compliant_ai.pii.restored_count";
        public const string EntityTypesTag = "compliant_ai.pii.entity_types";
        public const string ScopeKindTag = "compliant_ai.pii.scope";
        public const string EscapedCountTag = "compliant_ai.pii.escaped_count";
        public const string DroppedPropertiesTag = "compliant_ai.pii.dropped_properties";
        public const string AuditEscapedCounter = "pii.escaped";
        public const string AuditCounterPrefix = "pii.redacted.";
        public const string AuditRestoredCounter = "pii.restored";

        public static readonly Counter<long> Redacted = Meter.CreateCounter<long>(
            RedactedMetric, UnitEntities, "Entities of personal data redacted from outgoing chat messages, by entity type.");

        public static readonly Counter<long> Restored = Meter.CreateCounter<long>(
            RestoredMetric, UnitPlaceholders, "Placeholders restored to their values in answers.");
    }
}
