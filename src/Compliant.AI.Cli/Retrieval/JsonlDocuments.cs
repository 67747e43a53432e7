using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Compliant.AI.Cli.Retrieval;

/// <summary>Reads documents and queries from JSON Lines: <c>{"id"|"_id", "title"?, "text", "acl"?, "classification"?}</c>.</summary>
internal static class JsonlDocuments
{
    public static async IAsyncEnumerable<SourceDocument> ReadDocumentsAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return ParseDocument(line, lineNumber);
        }
    }

    public static SourceDocument ParseDocument(string line, int lineNumber)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            string id = Id(root) ?? throw new InvalidDataException($"line {lineNumber}: missing \"id\" (or \"_id\")");
            if (!root.TryGetProperty("text", out JsonElement textElement) || textElement.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"line {lineNumber}: missing string \"text\"");
            }

            string? title = root.TryGetProperty("title", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            string[] acl = root.TryGetProperty("acl", out JsonElement a) ? Acl(a, lineNumber) : [PrincipalNames.Everyone];
            string? classification = root.TryGetProperty("classification", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            return new SourceDocument(id, textElement.GetString()!)
            {
                Title = string.IsNullOrWhiteSpace(title) ? null : title,
                AllowedPrincipals = acl,
                Classification = classification,
            };
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"line {lineNumber}: not valid JSON ({ex.Message})", ex);
        }
    }

    public static (string Id, string Text) ParseQuery(string line, int lineNumber)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            string id = Id(root) ?? throw new InvalidDataException($"line {lineNumber}: missing \"_id\" (or \"id\")");
            string? text = (root.TryGetProperty("text", out JsonElement t) || root.TryGetProperty("query", out t)) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return (id, text ?? throw new InvalidDataException($"line {lineNumber}: missing string \"text\""));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"line {lineNumber}: not valid JSON ({ex.Message})", ex);
        }
    }

    private static string? Id(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (string name in (ReadOnlySpan<string>)["id", "_id"])
        {
            if (root.TryGetProperty(name, out JsonElement id))
            {
                string? value = id.ValueKind switch
                {
                    JsonValueKind.String => id.GetString(),
                    JsonValueKind.Number => id.GetRawText(),
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return value;
                }
            }
        }

        return null;
    }

    private static string[] Acl(JsonElement acl, int lineNumber) => acl.ValueKind switch
    {
        JsonValueKind.String => [acl.GetString()!],
        JsonValueKind.Array => acl.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new InvalidDataException($"line {lineNumber}: \"acl\" entries must be strings")).ToArray(),
        JsonValueKind.Null => [PrincipalNames.Everyone],
        _ => throw new InvalidDataException($"line {lineNumber}: \"acl\" must be a string or an array of strings"),
    };
}
