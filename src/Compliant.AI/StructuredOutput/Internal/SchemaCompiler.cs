using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Compiles a JSON schema document (and the remote documents it references) into a <see cref="SchemaNode"/> tree.</summary>
/// <remarks>
/// Two passes: discovery (<see cref="SchemaRegistry"/>) registers every subschema by its canonical location, every
/// anchor and every embedded resource; compilation then builds nodes on demand, each keyword compiled by its family
/// (<see cref="TypeKeywords"/>, <see cref="NumericKeywords"/>, <see cref="StringKeywords"/>, <see cref="ArrayKeywords"/>,
/// <see cref="ObjectKeywords"/>, <see cref="ApplicatorKeywords"/>, <see cref="UnevaluatedKeywords"/>,
/// <see cref="ReferenceKeywords"/>), and resolves each <c>$ref</c> through the registry, so cycles compile to cycles.
/// Remote documents are only taken from <see cref="JsonSchemaValidatorOptions.RemoteSchemas"/>; nothing is fetched.
/// </remarks>
internal sealed class SchemaCompiler
{
    public const string DefaultBaseUri = "urn:compliant-ai:schema";

    private readonly JsonSchemaValidatorOptions _options;
    private readonly SchemaRegistry _registry;
    private readonly Dictionary<string, Regex> _regexes = new(StringComparer.Ordinal);
    private readonly List<JsonDocument> _documents = [];
    private readonly List<SchemaNode> _nodes = [];
    private readonly Queue<SchemaEntry> _pending = new();
    private string _rootKey = DefaultBaseUri;

    public SchemaCompiler(JsonSchemaValidatorOptions options)
    {
        _options = options;
        _registry = new SchemaRegistry(options.MaxSchemaBytes);
    }

    public bool UsesAnnotations { get; private set; }

    /// <summary>Gets the documents the compiled tree points into; they must stay alive as long as the tree.</summary>
    public IReadOnlyList<JsonDocument> Documents => _documents;

    public SchemaNode Compile(JsonElement root)
    {
        _rootKey = _registry.Discover(root, DefaultBaseUri, _options.DefaultDialect);
        SchemaNode node = CompileEntry(_registry[_rootKey + "#"]);
        DrainPending();
        foreach ((SchemaEntry entry, string name) in _registry.DynamicAnchors)
        {
            SchemaNode anchored = CompileEntry(entry);
            anchored.Memoize = true;
            entry.Resource.DynamicAnchors.TryAdd(name, anchored);
        }

        DrainPending();

        for (int i = 0; i < _nodes.Count; i++)
        {
            _nodes[i].Id = i;
            _nodes[i].Seal();
        }

        return node;
    }

    /// <summary>Rejects, before any work proportional to its shape, a schema document that is too large, too deep or not valid Unicode.</summary>
    public void CheckBounds(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > _options.MaxSchemaBytes)
        {
            throw new JsonSchemaException($"The schema is larger than the limit of {_options.MaxSchemaBytes.ToString(CultureInfo.InvariantCulture)} bytes.");
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = _options.MaxSchemaDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= _options.MaxSchemaDepth)
                {
                    throw new JsonSchemaException($"The schema nests deeper than the limit of {_options.MaxSchemaDepth.ToString(CultureInfo.InvariantCulture)} levels.");
                }
            }
        }
        catch (JsonException ex)
        {
            throw new JsonSchemaException("The schema is not valid JSON.", null, ex);
        }

        if (JsonText.HasLoneSurrogateEscape(utf8))
        {
            throw new JsonSchemaException("The schema contains a string with an unpaired UTF-16 surrogate escape.");
        }
    }

    /// <summary>Returns the node of <paramref name="entry"/>, creating it on first use; its keywords are compiled later by <see cref="DrainPending"/>.</summary>
    /// <remarks>Deferring keeps compilation iterative: a long chain of <c>$ref</c>s (each a separate subschema) cannot overflow the stack.</remarks>
    internal SchemaNode CompileEntry(SchemaEntry entry)
    {
        if (entry.Node is not null)
        {
            return entry.Node;
        }

        string location = entry.Resource.Key == _rootKey ? "#" + entry.Pointer : entry.Resource.Key + "#" + entry.Pointer;
        var node = new SchemaNode(location, entry.Resource) { IsResourceRoot = entry.IsResourceRoot };
        entry.Node = node;
        _nodes.Add(node);
        _pending.Enqueue(entry);
        return node;
    }

    private void DrainPending()
    {
        while (_pending.TryDequeue(out SchemaEntry? entry))
        {
            CompileKeywords(entry, entry.Node!);
        }
    }

    private void CompileKeywords(SchemaEntry entry, SchemaNode node)
    {
        JsonElement schema = entry.Element;
        switch (schema.ValueKind)
        {
            case JsonValueKind.True:
                node.BooleanSchema = true;
                return;
            case JsonValueKind.False:
                node.BooleanSchema = false;
                return;
            case JsonValueKind.Object:
                break;
            default:
                throw new JsonSchemaException($"A schema must be an object or a boolean, not {schema.ValueKind}.", node.ToString());
        }

        var site = new KeywordSite(this, entry, node, entry.Resource.Dialect == JsonSchemaDialect.Draft7);
        if (ReferenceKeywords.CompileReferences(site))
        {
            return; // a draft 7 $ref overrides its siblings
        }

        foreach (JsonProperty keyword in schema.EnumerateObject())
        {
            string at = node + "/" + keyword.Name;
            _ = TypeKeywords.Compile(site, keyword, at)
                || NumericKeywords.Compile(site, keyword, at)
                || StringKeywords.Compile(site, keyword, at)
                || ArrayKeywords.Compile(site, keyword, at)
                || ObjectKeywords.Compile(site, keyword, at)
                || ApplicatorKeywords.Compile(site, keyword)
                || UnevaluatedKeywords.Compile(site, keyword)
                || ReferenceKeywords.Compile(site, keyword);
        }

        if (node.UnevaluatedItems is not null || node.UnevaluatedProperties is not null)
        {
            UsesAnnotations = true;
        }
    }

    /// <summary>Finds the subschema an absolute reference points to, discovering a supplied remote document on first use.</summary>
    internal SchemaEntry Lookup(string absolute, string at)
    {
        int hash = absolute.IndexOf('#', StringComparison.Ordinal);
        string key = hash < 0 ? absolute : absolute[..hash];
        string fragment = hash < 0 ? string.Empty : Uri.UnescapeDataString(absolute[(hash + 1)..]);
        if (!_registry.HasResource(key))
        {
            if (!_options.RemoteSchemas.TryGetValue(key, out string? remote))
            {
                throw new JsonSchemaException("A $ref points to a schema that is neither in this document nor among the supplied remote schemas.", at);
            }

            JsonDocument document = Parse(remote);
            _registry.Discover(document.RootElement, key, _options.DefaultDialect);
        }

        if (_registry.TryGet(key + "#" + fragment, out SchemaEntry? entry))
        {
            return entry;
        }

        throw new JsonSchemaException("A $ref points to a location that does not exist in its schema.", at);
    }

    /// <summary>Parses a schema document within the size, depth and Unicode limits; the document is kept alive with the compiled tree.</summary>
    internal JsonDocument Parse(string json)
    {
        if (json.Length > _options.MaxSchemaBytes)
        {
            throw new JsonSchemaException($"The schema is larger than the limit of {_options.MaxSchemaBytes.ToString(CultureInfo.InvariantCulture)} bytes.");
        }

        if (!JsonText.TryGetUtf8(json, out byte[] utf8))
        {
            throw new JsonSchemaException("The schema text contains an unpaired UTF-16 surrogate.");
        }

        CheckBounds(utf8);
        try
        {
            JsonDocument document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = _options.MaxSchemaDepth + 1 });
            _documents.Add(document);
            return document;
        }
        catch (JsonException ex)
        {
            throw new JsonSchemaException("The schema is not valid JSON.", null, ex);
        }
    }

    /// <summary>Returns the node of the subschema at <paramref name="suffix"/> below <paramref name="entry"/>.</summary>
    internal SchemaNode Child(SchemaEntry entry, string suffix)
    {
        string location = entry.Resource.Key + "#" + entry.Pointer + suffix;
        if (_registry.TryGet(location, out SchemaEntry? child))
        {
            return CompileEntry(child);
        }

        throw new JsonSchemaException("A subschema must be an object or a boolean.", "#" + entry.Pointer + suffix);
    }

    internal List<(string Name, SchemaNode Schema)> Map(SchemaEntry entry, JsonProperty keyword)
    {
        if (keyword.Value.ValueKind != JsonValueKind.Object)
        {
            throw new JsonSchemaException($"'{keyword.Name}' must be an object.", "#" + entry.Pointer + "/" + keyword.Name);
        }

        var list = new List<(string, SchemaNode)>();
        foreach (JsonProperty member in keyword.Value.EnumerateObject())
        {
            list.Add((member.Name, Child(entry, "/" + SchemaUri.Escape(keyword.Name) + "/" + SchemaUri.Escape(member.Name))));
        }

        return list;
    }

    internal SchemaNode[] Subschemas(SchemaEntry entry, JsonProperty keyword)
    {
        if (keyword.Value.ValueKind != JsonValueKind.Array)
        {
            throw new JsonSchemaException($"'{keyword.Name}' must be an array of schemas.", "#" + entry.Pointer + "/" + keyword.Name);
        }

        var nodes = new SchemaNode[keyword.Value.GetArrayLength()];
        for (int i = 0; i < nodes.Length; i++)
        {
            nodes[i] = Child(entry, "/" + keyword.Name + "/" + i.ToString(CultureInfo.InvariantCulture));
        }

        return nodes;
    }

    internal Regex CompileRegex(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.String ? CompileRegex(value.GetString()!, at) : throw new JsonSchemaException("'pattern' must be a string.", at);

    internal Regex CompileRegex(string pattern, string at)
    {
        if (_regexes.TryGetValue(pattern, out Regex? regex))
        {
            return regex;
        }

        try
        {
            regex = new Regex(EcmaPattern.ToDotNet(pattern), RegexOptions.CultureInvariant, _options.RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new JsonSchemaException("The regular expression is not valid.", at, ex);
        }

        _regexes[pattern] = regex;
        return regex;
    }
}
