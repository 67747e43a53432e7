using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

/// <summary>The library's single <see cref="ActivitySource"/> and <see cref="Meter"/>, and every telemetry name it uses.</summary>
/// <remarks>
/// Tag values never carry message content or personal data: only ids, counts, entity type names and decisions.
/// Spans follow the draft OpenTelemetry GenAI guardrail conventions where they fit (<c>gen_ai.guardrail.*</c>).
/// The class is partial: each capability keeps its own names in <c>CompliantTelemetry.&lt;Capability&gt;.cs</c> beside
/// this file, so every name still lives in this one class.
/// </remarks>
internal static partial class CompliantTelemetry
{
    public const string SourceName = "Compliant.AI";

    /// <summary>
    /// The name of the <see cref="ActivitySource"/> and <see cref="Meter"/> that Microsoft.Extensions.AI's
    /// <c>UseOpenTelemetry()</c> clients (chat, embeddings, function invocation) use when no source name is given.
    /// </summary>
    public const string MicrosoftExtensionsAISourceName = "Experimental.Microsoft.Extensions.AI";

    public static readonly string Version =
        typeof(CompliantTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public static readonly ActivitySource ActivitySource = new(SourceName, Version);

    public static readonly Meter Meter = new(SourceName, Version);

    /// <summary>Span names of the stages and engines that name theirs here (the others keep theirs in <c>CompliantTelemetry.Xxx.SpanName</c>).</summary>
    /// <remarks>Cost control, cascade and resilience open no span of their own: their decisions are events on the current span.</remarks>
    public static class Spans
    {
        public const string Audit = "compliant_ai.audit";
        public const string AuditAppend = "compliant_ai.audit.append";
        public const string PiiRedaction = "compliant_ai.pii_redaction";
        public const string Grounding = "compliant_ai.grounding";
        public const string Retrieval = "compliant_ai.retrieval";
        public const string StructuredOutput = "compliant_ai.structured_output";
    }

    /// <summary>Tag keys.</summary>
    public static class Tags
    {
        public const string Stage = "compliant_ai.stage";
        public const string Operation = "compliant_ai.operation";
        public const string Outcome = "compliant_ai.outcome";
        public const string ErrorType = "error.type";
        public const string AuditRecordId = "compliant_ai.audit.record_id";
        public const string TenantId = "compliant_ai.tenant_id";
        public const string EntityType = "compliant_ai.pii.entity_type";
        public const string GuardrailDecision = "gen_ai.guardrail.decision";
        public const string GuardrailName = "gen_ai.guardrail.name";
        public const string GuardrailReason = "gen_ai.guardrail.reason";
        public const string Model = "gen_ai.request.model";
    }

    /// <summary>Instrument names and units.</summary>
    public static class Metrics
    {
        public const string AuditRecordsWritten = "compliant_ai.audit.records_written";
        public const string AuditFailures = "compliant_ai.audit.failures";
        public const string AuditAppendDuration = "compliant_ai.audit.append.duration";
        public const string AuditBatchSize = "compliant_ai.audit.batch_size";
        public const string InteractionDuration = "compliant_ai.interaction.duration";
        public const string UnitRecords = "{record}";
        public const string UnitFailures = "{failure}";
        public const string UnitSeconds = "s";
    }
}
