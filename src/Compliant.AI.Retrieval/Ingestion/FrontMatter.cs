namespace Compliant.AI.Retrieval.Ingestion;

/// <summary>
/// Parses a YAML-style front-matter block (<c>---</c> … <c>---</c> at the very start): <c>key: value</c> lines,
/// inline lists <c>[a, b]</c> and block lists (<c>- item</c> lines under a key). Not a full YAML parser.
/// </summary>
internal static class FrontMatter
{
    public static bool TryParse(string text, out Dictionary<string, List<string>> values, out int bodyStart)
    {
        values = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        bodyStart = 0;
        int position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        if (!IsFence(ReadLine(text, position, out int next)))
        {
            return false;
        }

        string? currentKey = null;
        position = next;
        while (position < text.Length)
        {
            ReadOnlySpan<char> line = ReadLine(text, position, out next);
            if (IsFence(line) || line.TrimEnd().SequenceEqual("..."))
            {
                bodyStart = next;
                return true;
            }

            ReadOnlySpan<char> trimmed = line.Trim();
            if (trimmed.IsEmpty || trimmed[0] == '#')
            {
                position = next;
                continue;
            }

            if (trimmed.StartsWith("- ", StringComparison.Ordinal) && currentKey is not null)
            {
                values[currentKey].Add(Unquote(trimmed[2..].Trim()));
            }
            else
            {
                int colon = trimmed.IndexOf(':');
                if (colon <= 0)
                {
                    values.Clear();
                    return false; // not front matter after all
                }

                currentKey = trimmed[..colon].Trim().ToString();
                ReadOnlySpan<char> value = trimmed[(colon + 1)..].Trim();
                var list = new List<string>();
                values[currentKey] = list;
                if (value.Length >= 2 && value[0] == '[' && value[^1] == ']')
                {
                    foreach (Range r in value[1..^1].Split(','))
                    {
                        ReadOnlySpan<char> item = value[1..^1][r].Trim();
                        if (!item.IsEmpty)
                        {
                            list.Add(Unquote(item));
                        }
                    }
                }
                else if (!value.IsEmpty)
                {
                    list.Add(Unquote(value));
                }
            }

            position = next;
        }

        values.Clear();
        return false; // unterminated
    }

    private static bool IsFence(ReadOnlySpan<char> line) => line.TrimEnd().SequenceEqual("---");

    private static ReadOnlySpan<char> ReadLine(string text, int position, out int next)
    {
        if (position >= text.Length)
        {
            next = text.Length;
            return [];
        }

        int newline = text.IndexOf('\n', position);
        next = newline < 0 ? text.Length : newline + 1;
        return text.AsSpan(position, (newline < 0 ? text.Length : newline) - position).TrimEnd('\r');
    }

    private static string Unquote(ReadOnlySpan<char> value)
    {
        if (value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\'')))
        {
            value = value[1..^1];
        }

        return value.ToString();
    }
}
