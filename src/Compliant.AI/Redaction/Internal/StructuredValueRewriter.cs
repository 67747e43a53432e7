using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Redaction.Internal;

/// <summary>
/// Rewrites every string inside a tool argument or function result (plain strings, JSON documents, dictionaries, lists,
/// numbers) with an asynchronous text rewriter, keeping the structure. Strings are collected first, rewritten once each,
/// then the value is rebuilt; JSON is re-written with <see cref="Utf8JsonWriter"/>, so rewritten values are always escaped.
/// </summary>
internal static class StructuredValueRewriter
{
    public delegate ValueTask<string> TextRewriter(string text, CancellationToken cancellationToken);

    public static async ValueTask<IDictionary<string, object?>?> RewriteArgumentsAsync(IDictionary<string, object?>? arguments, TextRewriter rewrite, CancellationToken cancellationToken)
    {
        if (arguments is null)
        {
            return null;
        }

        Dictionary<string, string> map = await BuildMapAsync(arguments, rewrite, cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<string, object?>(arguments.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> pair in arguments)
        {
            result[pair.Key] = Rebuild(pair.Value, map);
        }

        return result;
    }

    public static async ValueTask<object?> RewriteValueAsync(object? value, TextRewriter rewrite, CancellationToken cancellationToken)
    {
        Dictionary<string, string> map = await BuildMapAsync(value, rewrite, cancellationToken).ConfigureAwait(false);
        return Rebuild(value, map);
    }

    private static async ValueTask<Dictionary<string, string>> BuildMapAsync(object? value, TextRewriter rewrite, CancellationToken cancellationToken)
    {
        var strings = new HashSet<string>(StringComparer.Ordinal);
        Collect(value, strings, depth: 0);
        var map = new Dictionary<string, string>(strings.Count, StringComparer.Ordinal);
        foreach (string s in strings)
        {
            map[s] = await rewrite(s, cancellationToken).ConfigureAwait(false);
        }

        return map;
    }

    private static void Collect(object? value, HashSet<string> strings, int depth)
    {
        if (depth > 64)
        {
            throw new PiiRedactionException("A tool argument or result is nested too deeply to redact.");
        }

        switch (value)
        {
            case null:
            case bool:
                return;
            case string s:
                strings.Add(s);
                return;
            case JsonElement element:
                CollectJson(element, strings, depth);
                return;
            case JsonNode node:
                CollectJson(JsonSerializer.SerializeToElement(node, NodeTypeInfo), strings, depth);
                return;
            case IDictionary<string, object?> dictionary:
                foreach (KeyValuePair<string, object?> pair in dictionary)
                {
                    Collect(pair.Value, strings, depth + 1);
                }

                return;
            case IFormattable formattable when IsNumber(value):
                strings.Add(formattable.ToString(null, CultureInfo.InvariantCulture));
                return;
            case IEnumerable enumerable:
                foreach (object? item in enumerable)
                {
                    Collect(item, strings, depth + 1);
                }

                return;
            default:
                CollectJson(ToJson(value), strings, depth);
                return;
        }
    }

    private static void CollectJson(JsonElement element, HashSet<string> strings, int depth)
    {
        if (depth > 64)
        {
            throw new PiiRedactionException("A tool argument or result is nested too deeply to redact.");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                strings.Add(element.GetString()!);
                break;
            case JsonValueKind.Number:
                strings.Add(element.GetRawText());
                break;
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    CollectJson(property.Value, strings, depth + 1);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    CollectJson(item, strings, depth + 1);
                }

                break;
        }
    }

    private static object? Rebuild(object? value, Dictionary<string, string> map)
    {
        switch (value)
        {
            case null:
            case bool:
                return value;
            case string s:
                return map[s];
            case JsonElement element:
                return RebuildJson(element, map);
            case JsonNode node:
                return JsonSerializer.SerializeToNode(RebuildJson(JsonSerializer.SerializeToElement(node, NodeTypeInfo), map), ElementTypeInfo);
            case IDictionary<string, object?> dictionary:
                var copy = new Dictionary<string, object?>(dictionary.Count, StringComparer.Ordinal);
                foreach (KeyValuePair<string, object?> pair in dictionary)
                {
                    copy[pair.Key] = Rebuild(pair.Value, map);
                }

                return copy;
            case IFormattable formattable when IsNumber(value):
                string text = formattable.ToString(null, CultureInfo.InvariantCulture);
                string rewritten = map[text];
                return string.Equals(text, rewritten, StringComparison.Ordinal) ? value : rewritten;
            case IEnumerable enumerable:
                var list = new List<object?>();
                foreach (object? item in enumerable)
                {
                    list.Add(Rebuild(item, map));
                }

                return list;
            default:
                return RebuildJson(ToJson(value), map);
        }
    }

    private static JsonElement RebuildJson(JsonElement element, Dictionary<string, string> map)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, element, map);
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void WriteJson(Utf8JsonWriter writer, JsonElement element, Dictionary<string, string> map)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                writer.WriteStringValue(map[element.GetString()!]);
                break;
            case JsonValueKind.Number:
                string raw = element.GetRawText();
                string rewritten = map[raw];
                if (string.Equals(raw, rewritten, StringComparison.Ordinal))
                {
                    element.WriteTo(writer);
                }
                else
                {
                    writer.WriteStringValue(rewritten);
                }

                break;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    WriteJson(writer, property.Value, map);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    WriteJson(writer, item, map);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static bool IsNumber(object value) =>
        value is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal or Int128 or UInt128;

    private static JsonElement ToJson(object value)
    {
        // Unknown objects are serialized with Microsoft.Extensions.AI's options (as FunctionInvokingChatClient does);
        // when that is impossible the value is replaced by its string form, so nothing unredacted slips through.
        try
        {
            JsonTypeInfo typeInfo = AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType());
            return JsonSerializer.SerializeToElement(value, typeInfo);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
        {
            return JsonSerializer.SerializeToElement(value.ToString() ?? string.Empty, StringTypeInfo);
        }
    }

    private static JsonTypeInfo<JsonNode> NodeTypeInfo => (JsonTypeInfo<JsonNode>)AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonNode));

    private static JsonTypeInfo<JsonElement> ElementTypeInfo => (JsonTypeInfo<JsonElement>)AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonElement));

    private static JsonTypeInfo<string> StringTypeInfo => (JsonTypeInfo<string>)AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(string));
}
