using System.Text.Json;
using System.Text.Json.Nodes;

namespace TicketTriage;

/// <summary>
/// The JSON schema every model answer must satisfy, built from the approved categories: the structured-output stage
/// validates each answer against it (re-asking, then failing with a typed error), so a category outside the list can
/// never reach the output, whichever model answered.
/// </summary>
public static class TriageSchema
{
    public const int MaxSummaryLength = 300;

    /// <summary>Builds the schema for <paramref name="categories"/>.</summary>
    public static JsonElement Create(IReadOnlyList<string> categories)
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("category", "confidence", "summary"),
            ["properties"] = new JsonObject
            {
                ["category"] = new JsonObject
                {
                    ["type"] = "string",
                    ["description"] = "The ticket's intent, one of the approved categories.",
                    ["enum"] = new JsonArray(categories.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
                },
                ["confidence"] = new JsonObject
                {
                    ["type"] = "number",
                    ["minimum"] = 0,
                    ["maximum"] = 1,
                    ["description"] = "How sure the model is of the category, from 0 to 1.",
                },
                ["summary"] = new JsonObject
                {
                    ["type"] = "string",
                    ["maxLength"] = MaxSummaryLength,
                    ["description"] = "One sentence saying what the customer needs, without names, numbers or contact details.",
                },
            },
        };
        return JsonSerializer.SerializeToElement(schema);
    }
}
