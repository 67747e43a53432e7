using System.Text;
using System.Text.Json;

namespace Compliant.AI.Grounding.Internal;

/// <summary>
/// The prose of a JSON answer: its string values in document order, each as its own paragraph. Property names, braces
/// and quotes are structure, not claims; numbers, booleans and nulls carry no citation marker and are not checked.
/// </summary>
internal static class JsonAnswer
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>Returns <see langword="true"/> with the string values of <paramref name="text"/> when it is one JSON value holding at least one string.</summary>
    public static bool TryGetProse(string text, out string prose)
    {
        prose = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(text, Options);
            var builder = new StringBuilder(text.Length);
            Append(document.RootElement, builder);
            prose = builder.ToString();
            return prose.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void Append(JsonElement element, StringBuilder builder)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    Append(property.Value, builder);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    Append(item, builder);
                }

                break;
            case JsonValueKind.String:
                string? value = element.GetString();
                if (!string.IsNullOrWhiteSpace(value))
                {
                    if (builder.Length > 0)
                    {
                        builder.Append("\n\n");
                    }

                    builder.Append(value);
                }

                break;
        }
    }
}
