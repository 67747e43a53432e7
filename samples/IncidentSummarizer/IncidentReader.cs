using System.Globalization;
using System.Text.Json;

namespace IncidentSummarizer;

/// <summary>
/// Reads an incident from JSON Lines: one <c>{"id","timestamp","kind","source","text"}</c> object per line, in any order.
/// Returns the events as a timeline: ordered by timestamp, then by id.
/// </summary>
public static class IncidentReader
{
    /// <summary>Reads the incident file at <paramref name="path"/>.</summary>
    /// <exception cref="IncidentInputException">A line is not an event or an id repeats.</exception>
    public static IReadOnlyList<IncidentEvent> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new IncidentInputException($"No incident file at {path}.");
        }

        using var reader = new StreamReader(path);
        return Read(reader);
    }

    /// <summary>Reads every event; a bad line fails the whole read.</summary>
    public static IReadOnlyList<IncidentEvent> Read(TextReader reader)
    {
        var events = new List<IncidentEvent>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            IncidentEvent e = Parse(line, lineNumber);
            if (!ids.Add(e.Id))
            {
                throw new IncidentInputException($"Line {lineNumber}: the id repeats an earlier event's id; ids must be unique.");
            }

            events.Add(e);
        }

        if (events.Count == 0)
        {
            throw new IncidentInputException("The incident has no events.");
        }

        return events.OrderBy(e => e.Timestamp).ThenBy(e => e.Id, StringComparer.Ordinal).ToArray();
    }

    private static IncidentEvent Parse(string line, int lineNumber)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new IncidentInputException($"Line {lineNumber}: expected a JSON object {{\"id\",\"timestamp\",\"kind\",\"source\",\"text\"}}.");
            }

            string id = Required(root, "id", lineNumber);
            if (id.Contains(']', StringComparison.Ordinal) || id.Contains('[', StringComparison.Ordinal))
            {
                throw new IncidentInputException($"Line {lineNumber}: \"id\" must not contain brackets.");
            }

            string timestamp = Required(root, "timestamp", lineNumber);
            if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when))
            {
                throw new IncidentInputException($"Line {lineNumber}: \"timestamp\" is not an ISO 8601 date and time.");
            }

            return new IncidentEvent(id, when, Required(root, "kind", lineNumber).ToLowerInvariant(), Required(root, "source", lineNumber), Required(root, "text", lineNumber));
        }
        catch (JsonException ex)
        {
            // The parser's message can quote the line: give only the position.
            throw new IncidentInputException($"Line {lineNumber}: not valid JSON (at byte {ex.BytePositionInLine}).");
        }
    }

    private static string Required(JsonElement root, string name, int lineNumber) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : throw new IncidentInputException($"Line {lineNumber}: \"{name}\" must be a non-empty string.");
}
