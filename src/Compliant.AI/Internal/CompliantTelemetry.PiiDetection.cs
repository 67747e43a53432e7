namespace Compliant.AI.Internal;

internal static partial class CompliantTelemetry
{
    /// <summary>Names used by PII detection (the Compliant.AI.Pii package's <c>PiiDetector</c>).</summary>
    public static class PiiDetection
    {
        public const string EntitiesDetected = "compliant_ai.pii.detection.entities";
        public const string Duration = "compliant_ai.pii.detection.duration";
        public const string UnitEntities = "{entity}";
    }
}
