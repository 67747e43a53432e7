using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace Compliant.AI.PiiRedaction.Internal;

/// <summary>
/// Rewrites every string inside a tool argument or function result (plain strings, JSON documents, dictionaries, lists,
/// numbers) with an asynchronous text rewriter, keeping the structure. Object and dictionary keys are rewritten like
/// values; a number is rewritten with its key as context (<c>"ssn: 536221847"</c>), so an identifier stored as a number is
/// found as one. Strings are collected first, rewritten once each, then the value is rebuilt; JSON is re-written with
/// <see cref="Utf8JsonWriter"/>, so rewritten values are always escaped.
/// </summary>
/// <remarks>
/// A JSON string or property name holding a lone surrogate escape (<c>"\ud800"</c>) cannot be read as text: it gives a
/// <see cref="PiiRedactionException"/>, never the reader's <see cref="InvalidOperationException"/>.
/// </remarks>
internal static class StructuredValueRewriter
{
    private const int MaxDepth = 64;

    public delegate ValueTask<string> TextRewriter(string text, CancellationToken cancellationToken);

    public static async ValueTask<IDictionary<string, object?>?> RewriteArgumentsAsync(IDictionary<string, object?>? arguments, TextRewriter rewrite, CancellationToken cancellationToken)
    {
        if (arguments is null)
        {
            return null;
        }

        Maps maps = await BuildMapsAsync(arguments, rewrite, cancellationToken).ConfigureAwait(false);
        return (IDictionary<string, object?>)Rebuild(arguments, null, maps)!;
    }

    public static async ValueTask<object?> RewriteValueAsync(object? value, TextRewriter rewrite, CancellationToken cancellationToken, string? contextKey = null)
    {
        Maps maps = await BuildMapsAsync(value, rewrite, cancellationToken, contextKey).ConfigureAwait(false);
        return Rebuild(value, contextKey, maps);
    }

    /// <summary>Rewrites a JSON document given as text; the result is compact JSON.</summary>
    public static async ValueTask<string> RewriteJsonTextAsync(JsonElement document, TextRewriter rewrite, CancellationToken cancellationToken)
    {
        Maps maps = await BuildMapsAsync(document, rewrite, cancellationToken).ConfigureAwait(false);
        return RebuildJson(document, null, maps).GetRawText();
    }

    private static async ValueTask<Maps> BuildMapsAsync(object? value, TextRewriter rewrite, CancellationToken cancellationToken, string? contextKey = null)
    {
        var collected = new Collected();
        Collect(value, contextKey, collected, depth: 0);
        var maps = new Maps(collected.Strings.Count, collected.Numbers.Count);
        foreach (string s in collected.Strings)
        {
            maps.Strings[s] = await rewrite(s, cancellationToken).ConfigureAwait(false);
        }

        foreach ((string? key, string number) in collected.Numbers)
        {
            maps.Numbers[(key, number)] = await RewriteNumberAsync(key, number, rewrite, cancellationToken).ConfigureAwait(false);
        }

        return maps;
    }

    private static async ValueTask<string> RewriteNumberAsync(string? key, string number, TextRewriter rewrite, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return await rewrite(number, cancellationToken).ConfigureAwait(false);
        }

        // The key is the context a detector needs to tell an SSN or account number from a count.
        string prefix = key + ": ";
        string composite = prefix + number;
        string rewritten = await rewrite(composite, cancellationToken).ConfigureAwait(false);
        if (string.Equals(rewritten, composite, StringComparison.Ordinal))
        {
            return number;
        }

        return rewritten.StartsWith(prefix, StringComparison.Ordinal)
            ? rewritten[prefix.Length..]
            : await rewrite(number, cancellationToken).ConfigureAwait(false);
    }

    private static void Collect(object? value, string? key, Collected collected, int depth)
    {
        CheckDepth(depth);
        switch (value)
        {
            case null:
            case bool:
                return;
            case string s:
                collected.Strings.Add(s);
                return;
            case JsonElement element:
                CollectJson(element, key, collected, depth);
                return;
            case JsonNode node:
                CollectJson(JsonSerializer.SerializeToElement(node, NodeTypeInfo), key, collected, depth);
                return;
            case IDictionary<string, object?> dictionary:
                foreach (KeyValuePair<string, object?> pair in dictionary)
                {
                    collected.Strings.Add(pair.Key);
                    Collect(pair.Value, pair.Key, collected, depth + 1);
                }

                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    string k = KeyText(entry.Key);
                    collected.Strings.Add(k);
                    Collect(entry.Value, k, collected, depth + 1);
                }

                return;
            case IFormattable formattable when IsNumber(value):
                collected.Numbers.Add((key, formattable.ToString(null, CultureInfo.InvariantCulture)));
                return;
            case IEnumerable enumerable:
                foreach (object? item in enumerable)
                {
                    Collect(item, key, collected, depth + 1);
                }

                return;
            default:
                CollectJson(ToJson(value), key, collected, depth);
                return;
        }
    }

    private static void CollectJson(JsonElement element, string? key, Collected collected, int depth)
    {
        CheckDepth(depth);
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                collected.Strings.Add(ReadString(element));
                break;
            case JsonValueKind.Number:
                collected.Numbers.Add((key, element.GetRawText()));
                break;
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    string name = ReadName(property);
                    collected.Strings.Add(name);
                    CollectJson(property.Value, name, collected, depth + 1);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    CollectJson(item, key, collected, depth + 1);
                }

                break;
        }
    }

    private static object? Rebuild(object? value, string? key, Maps maps)
    {
        switch (value)
        {
            case null:
            case bool:
                return value;
            case string s:
                return maps.Strings[s];
            case JsonElement element:
                return RebuildJson(element, key, maps);
            case JsonNode node:
                return JsonSerializer.SerializeToNode(RebuildJson(JsonSerializer.SerializeToElement(node, NodeTypeInfo), key, maps), ElementTypeInfo);
            case IDictionary<string, object?> dictionary:
                var copy = new Dictionary<string, object?>(dictionary.Count, StringComparer.Ordinal);
                foreach (KeyValuePair<string, object?> pair in dictionary)
                {
                    AddUnique(copy, maps.Strings[pair.Key], Rebuild(pair.Value, pair.Key, maps));
                }

                return copy;
            case IDictionary dictionary:
                var converted = new Dictionary<string, object?>(dictionary.Count, StringComparer.Ordinal);
                foreach (DictionaryEntry entry in dictionary)
                {
                    string k = KeyText(entry.Key);
                    AddUnique(converted, maps.Strings[k], Rebuild(entry.Value, k, maps));
                }

                return converted;
            case IFormattable formattable when IsNumber(value):
                string text = formattable.ToString(null, CultureInfo.InvariantCulture);
                string rewritten = maps.Numbers[(key, text)];
                return string.Equals(text, rewritten, StringComparison.Ordinal) ? value : rewritten;
            case IEnumerable enumerable:
                var list = new List<object?>();
                foreach (object? item in enumerable)
                {
                    list.Add(Rebuild(item, key, maps));
                }

                return list;
            default:
                return RebuildJson(ToJson(value), key, maps);
        }
    }

    private static void AddUnique(Dictionary<string, object?> target, string key, object? value)
    {
        if (!target.TryAdd(key, value))
        {
            throw new PiiRedactionException("Two keys of a tool argument, result or JSON value became the same text after redaction or restoration.");
        }
    }

    private static JsonElement RebuildJson(JsonElement element, string? key, Maps maps)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, element, key, maps);
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void WriteJson(Utf8JsonWriter writer, JsonElement element, string? key, Maps maps)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                writer.WriteStringValue(maps.Strings[ReadString(element)]);
                break;
            case JsonValueKind.Number:
                string raw = element.GetRawText();
                string rewritten = maps.Numbers[(key, raw)];
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
                HashSet<string>? seen = null;
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    string name = ReadName(property);
                    string newName = maps.Strings[name];
                    if (!(seen ??= new(StringComparer.Ordinal)).Add(newName))
                    {
                        throw new PiiRedactionException("Two keys of a tool argument, result or JSON value became the same text after redaction or restoration.");
                    }

                    writer.WritePropertyName(newName);
                    WriteJson(writer, property.Value, name, maps);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    WriteJson(writer, item, key, maps);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static string ReadString(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw InvalidText();
        }
    }

    private static string ReadName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw InvalidText();
        }
    }

    private static PiiRedactionException InvalidText() =>
        new("A tool argument, result or JSON value holds text that is not valid UTF-16 (a lone surrogate escape); it cannot be redacted or restored.");

    private static void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new PiiRedactionException("A tool argument or result is nested too deeply to redact.");
        }
    }

    private static string KeyText(object key) =>
        key as string ?? (key as IFormattable)?.ToString(null, CultureInfo.InvariantCulture) ?? key.ToString() ?? string.Empty;

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

    private sealed class Collected
    {
        public HashSet<string> Strings { get; } = new(StringComparer.Ordinal);

        public HashSet<(string? Key, string Number)> Numbers { get; } = [];
    }

    private sealed class Maps(int strings, int numbers)
    {
        public Dictionary<string, string> Strings { get; } = new(strings, StringComparer.Ordinal);

        public Dictionary<(string? Key, string Number), string> Numbers { get; } = new(numbers);
    }
}
