using System.Text.Json;

namespace TicketTriage;

/// <summary>Reads tickets from JSON Lines: one <c>{"id": "...", "text": "..."}</c> object per line; blank lines are skipped.</summary>
public static class TicketReader
{
    /// <summary>Reads every ticket; a bad line fails the whole read before anything is classified.</summary>
    /// <exception cref="TicketInputException">A line is not a ticket or an id repeats; the message names the line, never its text.</exception>
    public static async Task<List<Ticket>> ReadAllAsync(TextReader reader, CancellationToken cancellationToken)
    {
        var tickets = new List<Ticket>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        int lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            Ticket ticket = Parse(line, lineNumber);
            if (!ids.Add(ticket.Id))
            {
                throw new TicketInputException($"Line {lineNumber}: the id repeats an earlier ticket's id; ids must be unique.") { LineNumber = lineNumber };
            }

            tickets.Add(ticket);
        }

        return tickets;
    }

    private static Ticket Parse(string line, int lineNumber)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TicketInputException($"Line {lineNumber}: expected a JSON object {{\"id\", \"text\"}}, found {root.ValueKind}.") { LineNumber = lineNumber };
            }

            string id = root.TryGetProperty("id", out JsonElement idElement) ? idElement.ValueKind switch
            {
                JsonValueKind.String => idElement.GetString()!,
                JsonValueKind.Number => idElement.GetRawText(),
                _ => throw new TicketInputException($"Line {lineNumber}: \"id\" must be a string or a number.") { LineNumber = lineNumber },
            }
            : throw new TicketInputException($"Line {lineNumber}: \"id\" is missing.") { LineNumber = lineNumber };
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new TicketInputException($"Line {lineNumber}: \"id\" is empty.") { LineNumber = lineNumber };
            }

            if (!root.TryGetProperty("text", out JsonElement text) || text.ValueKind != JsonValueKind.String)
            {
                throw new TicketInputException($"Line {lineNumber}: \"text\" must be a string.") { LineNumber = lineNumber };
            }

            return new Ticket(id, text.GetString()!);
        }
        catch (JsonException ex)
        {
            // The parser's message can quote the line: give only the position, and do not chain it.
            throw new TicketInputException($"Line {lineNumber}: not valid JSON (at byte {ex.BytePositionInLine}).") { LineNumber = lineNumber };
        }
    }
}
