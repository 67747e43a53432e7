using System.Text.Json.Serialization;

namespace Compliant.AI.PostgreSql.Internal;

/// <summary>Source-generated JSON for checkpoints stored by <see cref="PostgreSqlCheckpointWitness"/> (AOT-safe).</summary>
[JsonSerializable(typeof(AuditCheckpoint))]
internal sealed partial class WitnessJsonContext : JsonSerializerContext;
