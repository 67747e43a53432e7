using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

internal static partial class CompliantTelemetry
{
    /// <summary>Instruments of the auditing stage.</summary>
    public static class Auditing
    {
        public const string DroppedRecords = "compliant_ai.audit.dropped_records";

        private static readonly Histogram<double> InteractionDuration = Meter.CreateHistogram<double>(
            Metrics.InteractionDuration, Metrics.UnitSeconds, "Duration of audited model interactions, by operation and outcome.");

        private static readonly Counter<long> Dropped = Meter.CreateCounter<long>(
            DroppedRecords, Metrics.UnitRecords, "Audit records that could not be made durable (fail-closed: the call failed; fail-open: the record is lost).");

        public static void RecordInteraction(AuditRecord record)
        {
            if (InteractionDuration.Enabled)
            {
                InteractionDuration.Record(
                    record.LatencyMs / 1000.0,
                    new KeyValuePair<string, object?>(Tags.Operation, record.Operation),
                    new KeyValuePair<string, object?>(Tags.Outcome, record.Outcome.ToString()));
            }
        }

        public static void RecordDropped(AuditRecord record, Exception exception)
        {
            if (Dropped.Enabled)
            {
                Dropped.Add(
                    1,
                    new KeyValuePair<string, object?>(Tags.Operation, record.Operation),
                    new KeyValuePair<string, object?>(Tags.ErrorType, exception.GetType().FullName));
            }
        }
    }
}
