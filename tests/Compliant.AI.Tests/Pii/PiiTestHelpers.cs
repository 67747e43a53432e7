namespace Compliant.AI.Tests.Pii;

internal static class PiiTestHelpers
{
    public static readonly PiiDetector Default = new();

    /// <summary>Returns (type, value) for each entity, values read from the original text.</summary>
    public static List<(string Type, string Value)> Find(this IPiiDetector detector, string text) =>
        [.. detector.Detect(text).Select(e => (e.Type, text[e.Start..e.End]))];

    public static List<string> ValuesOf(this IPiiDetector detector, string text, string type) =>
        [.. detector.Detect(text).Where(e => e.Type == type).Select(e => text[e.Start..e.End])];
}
