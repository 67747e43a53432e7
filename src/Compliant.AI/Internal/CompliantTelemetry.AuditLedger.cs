using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

internal static partial class CompliantTelemetry
{
    /// <summary>The audit instruments, created once. Shared by the ledger and the auditing stage (fail-open counts failures here too).</summary>
    public static class AuditInstruments
    {
        public static readonly Counter<long> RecordsWritten = Meter.CreateCounter<long>(
            Metrics.AuditRecordsWritten, Metrics.UnitRecords, "Audit records made durable by a sink.");

        public static readonly Counter<long> Failures = Meter.CreateCounter<long>(
            Metrics.AuditFailures, Metrics.UnitFailures, "Audit records that could not be made durable, by error type.");

        public static readonly Histogram<double> AppendDuration = Meter.CreateHistogram<double>(
            Metrics.AuditAppendDuration, Metrics.UnitSeconds, "Time from an append call until its record is durable.");

        public static readonly Histogram<long> BatchSize = Meter.CreateHistogram<long>(
            Metrics.AuditBatchSize, Metrics.UnitRecords, "Records written and flushed together by one group commit.");

        public static void RecordFailure(string errorType, long count = 1)
        {
            if (Failures.Enabled)
            {
                Failures.Add(count, new KeyValuePair<string, object?>(Tags.ErrorType, errorType));
            }
        }
    }
}
