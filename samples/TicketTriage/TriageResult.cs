using System.Text.Json.Serialization;

namespace TicketTriage;

/// <summary>One output line: <c>{"id","category","priority","summary","confidence","needs_human"}</c> (plus <c>error</c> when the ticket failed).</summary>
public sealed record TriageResult(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("category")] string? Category,
    [property: JsonPropertyName("priority")] string? Priority,
    [property: JsonPropertyName("summary")] string? Summary,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("needs_human")] bool NeedsHuman)
{
    /// <summary>Gets the type of failure when the ticket could not be classified (the ticket then needs a person), else null.</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }
}
