using System.Text.Json.Serialization;

namespace Compliant.AI.Auditing.Internal;

/// <summary>
/// Source-generated System.Text.Json metadata for <see cref="AuditRecord"/> and the types it holds: camelCase names,
/// enums as strings, nulls omitted, no indentation (so a record is always one line).
/// </summary>
/// <remarks>Shared by every sink and by the auditing stage; reflection-free, trim- and AOT-safe.</remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = false)]
[JsonSerializable(typeof(AuditRecord))]
[JsonSerializable(typeof(AuditCaller))]
[JsonSerializable(typeof(AuditMessageSummary))]
[JsonSerializable(typeof(AuditVerdict))]
[JsonSerializable(typeof(AuditPromptVersion))]
[JsonSerializable(typeof(AuditDecision))]
[JsonSerializable(typeof(AuditOutcome))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
