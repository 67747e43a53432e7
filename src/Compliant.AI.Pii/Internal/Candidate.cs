namespace Compliant.AI.Pii.Internal;

/// <summary>Builds candidate entities with their explanation.</summary>
internal static class Candidate
{
    public static PiiEntity Create(string type, int start, int end, double score, string recognizer, string? pattern, string? validation = null) =>
        new(type, start, end, score)
        {
            Explanation = new PiiExplanation(recognizer) { Pattern = pattern, OriginalScore = score, Validation = validation },
        };
}
