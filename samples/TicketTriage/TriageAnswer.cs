using System.Text.Json;

namespace TicketTriage;

/// <summary>A model answer that passed the schema: the category, the model's confidence and the summary.</summary>
public sealed record TriageAnswer(string Category, double Confidence, string Summary)
{
    /// <summary>Reads an answer that the structured-output stage has already validated, or returns null.</summary>
    public static TriageAnswer? TryParse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("category", out JsonElement category) && category.ValueKind == JsonValueKind.String
                && root.TryGetProperty("confidence", out JsonElement confidence) && confidence.ValueKind == JsonValueKind.Number
                && root.TryGetProperty("summary", out JsonElement summary) && summary.ValueKind == JsonValueKind.String
                ? new TriageAnswer(category.GetString()!, confidence.GetDouble(), summary.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
