using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

internal static partial class CompliantTelemetry
{
    /// <summary>Names and instruments of the structured-output stage.</summary>
    public static class StructuredOutput
    {
        public const string StageName = "structured_output";
        public const string AttemptsName = "compliant_ai.structured_output.attempts";
        public const string FailuresName = "compliant_ai.structured_output.failures";
        public const string ValidationDurationName = "compliant_ai.structured_output.validation.duration";
        public const string UnitAttempts = "{attempt}";
        public const string AttemptsTag = "compliant_ai.structured_output.attempts";
        public const string ReasonTag = "compliant_ai.structured_output.reason";

        /// <summary>Audit counter names (in <see cref="AuditScope"/>).</summary>
        public const string AuditAttempts = "structured_output.attempts";
        public const string AuditFailures = "structured_output.failures";

        /// <summary>Reason codes, in audit verdicts, metric tags and logs.</summary>
        public const string Valid = "valid";
        public const string InvalidJson = "invalid_json";
        public const string SchemaViolation = "schema_violation";
        public const string InstanceTooDeep = "instance_too_deep";
        public const string InstanceTooLarge = "instance_too_large";
        public const string WorkLimitExceeded = "work_limit_exceeded";
        public const string CodeFenceStripped = "code_fence_stripped";
        public const string AttemptsExhausted = "attempts_exhausted";

        public static readonly Counter<long> Attempts = Meter.CreateCounter<long>(AttemptsName, UnitAttempts, "Model answers validated against a requested JSON schema, by outcome.");

        public static readonly Counter<long> Failures = Meter.CreateCounter<long>(FailuresName, Metrics.UnitFailures, "Requests whose answer was still invalid after every attempt.");

        public static readonly Histogram<double> ValidationDuration = Meter.CreateHistogram<double>(ValidationDurationName, Metrics.UnitSeconds, "Time to parse and validate one answer.");

        public static string ReasonOf(JsonValidationFailureKind failure) => failure switch
        {
            JsonValidationFailureKind.None => Valid,
            JsonValidationFailureKind.InvalidJson => InvalidJson,
            JsonValidationFailureKind.DepthLimitExceeded => InstanceTooDeep,
            JsonValidationFailureKind.SizeLimitExceeded => InstanceTooLarge,
            JsonValidationFailureKind.WorkLimitExceeded => WorkLimitExceeded,
            _ => SchemaViolation,
        };
    }
}
