using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

/// <summary>The Qdrant package's telemetry names, on the library's one <see cref="ActivitySource"/> and <see cref="Meter"/>.</summary>
/// <remarks>
/// The packages ship in lock-step, so this one records on the pipeline's <c>CompliantTelemetry</c> source and meter
/// (named <c>Compliant.AI</c>) rather than creating a second pair under the same name. Tags carry operation names,
/// collection names, status codes and counts only: never payload text, vectors, principals or the API key.
/// </remarks>
internal static class QdrantTelemetry
{
    public const string SourceName = CompliantTelemetry.SourceName;

    public static ActivitySource ActivitySource => CompliantTelemetry.ActivitySource;

    public static Meter Meter => CompliantTelemetry.Meter;

    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        Metrics.RequestDuration, Metrics.UnitSeconds, "Duration of calls to Qdrant's gRPC API.");

    public static readonly Counter<long> PointsDenied = Meter.CreateCounter<long>(
        Metrics.PointsDenied, Metrics.UnitPoints, "Points returned by Qdrant that the post-check withheld from the caller.");

    public static readonly Counter<long> PointsMalformed = Meter.CreateCounter<long>(
        Metrics.PointsMalformed, Metrics.UnitPoints, "Points returned by Qdrant whose payload is not in Compliant.AI's layout; they are skipped.");

    public static class Spans
    {
        public const string Request = "compliant_ai.qdrant.request";
    }

    public static class Tags
    {
        public const string DbSystem = "db.system.name";
        public const string DbSystemValue = "qdrant";
        public const string DbOperation = "db.operation.name";
        public const string DbCollection = "db.collection.name";
        public const string RpcStatusCode = "rpc.grpc.status_code";
        public const string ErrorType = "error.type";
    }

    public static class Metrics
    {
        public const string RequestDuration = "compliant_ai.qdrant.request.duration";
        public const string PointsDenied = "compliant_ai.qdrant.points_denied";
        public const string PointsMalformed = "compliant_ai.qdrant.points_malformed";
        public const string UnitSeconds = "s";
        public const string UnitPoints = "{point}";
    }
}
