using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

internal static partial class CompliantTelemetry
{
    /// <summary>Inner calls a stage stopped waiting for because the caller's token or a timeout fired while the inner client did not stop.</summary>
    public static class Abandonment
    {
        public const string AbandonedName = "compliant_ai.abandoned_calls";
        public const string EndedName = "compliant_ai.abandoned_calls.ended";

        private static readonly Counter<long> Abandoned = Meter.CreateCounter<long>(
            AbandonedName, "{call}", "Inner model calls abandoned because they ignored cancellation, by stage.");

        private static readonly Counter<long> Ended = Meter.CreateCounter<long>(
            EndedName, "{call}", "Abandoned inner model calls that finally ended, by stage and error type ('none' when they succeeded).");

        public static void RecordAbandoned(string stage)
        {
            if (Abandoned.Enabled)
            {
                Abandoned.Add(1, new KeyValuePair<string, object?>(Tags.Stage, stage));
            }
        }

        public static void RecordEnded(string stage, Exception? exception)
        {
            if (Ended.Enabled)
            {
                Ended.Add(
                    1,
                    new KeyValuePair<string, object?>(Tags.Stage, stage),
                    new KeyValuePair<string, object?>(Tags.ErrorType, exception is null ? "none" : exception.GetType().FullName));
            }
        }
    }
}
