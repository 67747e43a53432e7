using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Compiles a JSON schema document (and the remote documents it references) into a <see cref="SchemaNode"/> tree.</summary>
/// <remarks>
/// Two passes: discovery registers every subschema by its canonical location (<c>resource#/json/pointer</c>), every
/// <c>$anchor</c>/<c>$dynamicAnchor</c> and every embedded resource (<c>$id</c>); compilation then builds nodes on
/// demand and resolves each <c>$ref</c> through that registry, so cycles compile to cycles. Remote documents are only
/// taken from <see cref="JsonSchemaValidatorOptions.RemoteSchemas"/>; nothing is fetched.
/// </remarks>
internal sealed class SchemaCompiler
{
    public const string DefaultBaseUri = "urn:compliant-ai:schema";

    private static readonly string[] MapKeywords = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
    private static readonly string[] SingleKeywords = ["additionalProperties", "unevaluatedProperties", "additionalItems", "unevaluatedItems", "contains", "not", "if", "then", "else", "propertyNames"];
    private static readonly string[] ListKeywords = ["allOf", "anyOf", "oneOf", "prefixItems"];

    private readonly JsonSchemaValidatorOptions _options;
    private readonly Dictionary<string, Entry> _locations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SchemaResource> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Regex> _regexes = new(StringComparer.Ordinal);
    private readonly List<JsonDocument> _documents = [];
    private readonly List<(Entry Entry, string Name)> _dynamicAnchors = [];
    private readonly List<SchemaNode> _nodes = [];
    private readonly Queue<Entry> _pending = new();
    private string _rootKey = DefaultBaseUri;
    private long _locationChars;

    public SchemaCompiler(JsonSchemaValidatorOptions options) => _options = options;

    public bool UsesAnnotations { get; private set; }

    /// <summary>Gets the documents the compiled tree points into; they must stay alive as long as the tree.</summary>
    public IReadOnlyList<JsonDocument> Documents => _documents;

    public SchemaNode Compile(JsonElement root)
    {
        _rootKey = Discover(root, DefaultBaseUri, _options.DefaultDialect);
        SchemaNode node = CompileEntry(_locations[_rootKey + "#"]);
        DrainPending();
        foreach ((Entry entry, string name) in _dynamicAnchors)
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

    private string Discover(JsonElement root, string baseUri, JsonSchemaDialect dialect)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("$schema", out JsonElement schemaUri) && schemaUri.ValueKind == JsonValueKind.String)
        {
            dialect = DialectOf(schemaUri.GetString()!, dialect);
        }

        string key = StripFragment(baseUri);
        var resource = new SchemaResource(key, dialect);
        _resources.TryAdd(key, resource);
        Walk(root, resource, string.Empty, [(key, string.Empty)], isRoot: true);
        return key;
    }

    private static JsonSchemaDialect DialectOf(string uri, JsonSchemaDialect fallback) =>
        uri.Contains("draft-07", StringComparison.Ordinal) || uri.Contains("draft-06", StringComparison.Ordinal) || uri.Contains("draft-04", StringComparison.Ordinal)
            ? JsonSchemaDialect.Draft7
            : uri.Contains("2020-12", StringComparison.Ordinal) || uri.Contains("2019-09", StringComparison.Ordinal) ? JsonSchemaDialect.Draft202012 : fallback;

    private void Walk(JsonElement element, SchemaResource resource, string pointer, List<(string Key, string Pointer)> enclosing, bool isRoot)
    {
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            Register(element, resource, pointer, enclosing, isRoot);
            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        bool draft7 = resource.Dialect == JsonSchemaDialect.Draft7;
        bool hasRef = element.TryGetProperty("$ref", out _);
        if (element.TryGetProperty("$id", out JsonElement id) && id.ValueKind == JsonValueKind.String && !(draft7 && hasRef))
        {
            string idText = id.GetString()!;
            if (idText.StartsWith('#'))
            {
                // draft 7 location-independent identifier: an anchor
                RegisterLocation(resource.Key + idText, element, resource, pointer, isRoot);
            }
            else
            {
                string absolute = Resolve(resource.Key, idText);
                string key = StripFragment(absolute);
                JsonSchemaDialect dialect = resource.Dialect;
                if (element.TryGetProperty("$schema", out JsonElement s) && s.ValueKind == JsonValueKind.String)
                {
                    dialect = DialectOf(s.GetString()!, dialect);
                }

                if (!isRoot || key != resource.Key)
                {
                    resource = new SchemaResource(key, dialect);
                    _resources[key] = resource;
                    enclosing = [.. enclosing, (key, string.Empty)];
                    pointer = string.Empty;
                    isRoot = true;
                }
            }
        }

        Entry entry = Register(element, resource, pointer, enclosing, isRoot);
        if (element.TryGetProperty("$anchor", out JsonElement anchor) && anchor.ValueKind == JsonValueKind.String && !draft7)
        {
            _locations.TryAdd(resource.Key + "#" + anchor.GetString(), entry);
        }

        if (element.TryGetProperty("$dynamicAnchor", out JsonElement dynamicAnchor) && dynamicAnchor.ValueKind == JsonValueKind.String && !draft7)
        {
            _locations.TryAdd(resource.Key + "#" + dynamicAnchor.GetString(), entry);
            _dynamicAnchors.Add((entry, dynamicAnchor.GetString()!));
        }

        foreach (JsonProperty property in element.EnumerateObject())
        {
            string name = property.Name;
            string childPointer = pointer + "/" + Escape(name);
            List<(string, string)> childEnclosing = Extend(enclosing, "/" + Escape(name));
            if (Array.IndexOf(MapKeywords, name) >= 0 && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty member in property.Value.EnumerateObject())
                {
                    string segment = "/" + Escape(member.Name);
                    Walk(member.Value, resource, childPointer + segment, Extend(childEnclosing, segment), isRoot: false);
                }
            }
            else if (name == "dependencies" && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty member in property.Value.EnumerateObject())
                {
                    string segment = "/" + Escape(member.Name);
                    Walk(member.Value, resource, childPointer + segment, Extend(childEnclosing, segment), isRoot: false);
                }
            }
            else if (Array.IndexOf(SingleKeywords, name) >= 0 || (name == "items" && property.Value.ValueKind != JsonValueKind.Array))
            {
                Walk(property.Value, resource, childPointer, childEnclosing, isRoot: false);
            }
            else if ((Array.IndexOf(ListKeywords, name) >= 0 || name == "items") && property.Value.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (JsonElement item in property.Value.EnumerateArray())
                {
                    string segment = "/" + i.ToString(CultureInfo.InvariantCulture);
                    Walk(item, resource, childPointer + segment, Extend(childEnclosing, segment), isRoot: false);
                    i++;
                }
            }
        }
    }

    private static List<(string Key, string Pointer)> Extend(List<(string Key, string Pointer)> enclosing, string segment)
    {
        var list = new List<(string, string)>(enclosing.Count);
        foreach ((string key, string pointer) in enclosing)
        {
            list.Add((key, pointer + segment));
        }

        return list;
    }

    private Entry Register(JsonElement element, SchemaResource resource, string pointer, List<(string Key, string Pointer)> enclosing, bool isRoot)
    {
        Entry? entry = null;
        foreach ((string key, string p) in enclosing)
        {
            string location = key + "#" + p;
            if (_locations.TryGetValue(location, out Entry? existing))
            {
                entry ??= existing;
            }
        }

        entry ??= new Entry(element, resource, pointer, isRoot);
        foreach ((string key, string p) in enclosing)
        {
            _locationChars += key.Length + p.Length + 1;
            if (_locationChars > 32L * _options.MaxSchemaBytes)
            {
                throw new JsonSchemaException($"The schema is too large to compile: its subschema locations add up to more than 32 times the limit of {_options.MaxSchemaBytes.ToString(CultureInfo.InvariantCulture)} bytes.");
            }

            _locations.TryAdd(key + "#" + p, entry);
        }

        return entry;
    }

    private void RegisterLocation(string location, JsonElement element, SchemaResource resource, string pointer, bool isRoot) =>
        _locations.TryAdd(location, _locations.TryGetValue(resource.Key + "#" + pointer, out Entry? e) ? e : new Entry(element, resource, pointer, isRoot));

    /// <summary>Returns the node of <paramref name="entry"/>, creating it on first use; its keywords are compiled later by <see cref="DrainPending"/>.</summary>
    /// <remarks>Deferring keeps compilation iterative: a long chain of <c>$ref</c>s (each a separate subschema) cannot overflow the stack.</remarks>
    private SchemaNode CompileEntry(Entry entry)
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
        while (_pending.TryDequeue(out Entry? entry))
        {
            CompileKeywords(entry, entry.Node!);
        }
    }

    private void CompileKeywords(Entry entry, SchemaNode node)
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

        bool draft7 = entry.Resource.Dialect == JsonSchemaDialect.Draft7;
        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            node.Ref = CompileReference(entry, node, reference, "$ref");
            if (draft7)
            {
                return;
            }
        }

        if (!draft7 && schema.TryGetProperty("$dynamicRef", out JsonElement dynamicReference))
        {
            string at = node + "/$dynamicRef";
            string target = dynamicReference.ValueKind == JsonValueKind.String
                ? Resolve(entry.Resource.Key, dynamicReference.GetString()!)
                : throw new JsonSchemaException("'$dynamicRef' must be a string.", at);
            Entry targetEntry = Lookup(target, at);
            node.DynamicRef = CompileEntry(targetEntry);
            node.DynamicRef.Memoize = true;
            int hash = target.IndexOf('#', StringComparison.Ordinal);
            string anchorName = hash < 0 ? string.Empty : target[(hash + 1)..];
            if (anchorName.Length > 0 && anchorName[0] != '/'
                && targetEntry.Element.ValueKind == JsonValueKind.Object
                && targetEntry.Element.TryGetProperty("$dynamicAnchor", out JsonElement declared)
                && declared.ValueKind == JsonValueKind.String && declared.GetString() == anchorName)
            {
                node.DynamicRefAnchor = anchorName;
            }
        }

        foreach (JsonProperty keyword in schema.EnumerateObject())
        {
            CompileKeyword(entry, node, keyword, draft7);
        }

        if (node.UnevaluatedItems is not null || node.UnevaluatedProperties is not null)
        {
            UsesAnnotations = true;
        }
    }

    private void CompileKeyword(Entry entry, SchemaNode node, JsonProperty keyword, bool draft7)
    {
        JsonElement value = keyword.Value;
        string at = node + "/" + keyword.Name;
        switch (keyword.Name)
        {
            case "type":
                (node.Types, node.TypesText) = ParseTypes(value, at);
                break;
            case "const":
                node.Const = value;
                break;
            case "enum":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    throw new JsonSchemaException("'enum' must be an array.", at);
                }

                node.Enum = [.. value.EnumerateArray()];
                node.EnumText = SchemaNode.Truncate(string.Join(", ", node.Enum.Select(e => e.GetRawText())));
                break;
            case "minimum":
                node.Minimum = Number(value, at);
                break;
            case "maximum":
                node.Maximum = Number(value, at);
                break;
            case "exclusiveMinimum":
                node.ExclusiveMinimum = Number(value, at);
                break;
            case "exclusiveMaximum":
                node.ExclusiveMaximum = Number(value, at);
                break;
            case "multipleOf":
                node.MultipleOf = Number(value, at);
                if (node.MultipleOf.Value.Approximate <= 0)
                {
                    throw new JsonSchemaException("'multipleOf' must be greater than 0.", at);
                }

                break;
            case "minLength":
                node.MinLength = Count(value, at);
                break;
            case "maxLength":
                node.MaxLength = Count(value, at);
                break;
            case "pattern":
                node.Pattern = CompileRegex(value, at);
                node.PatternText = value.GetString();
                break;
            case "minItems":
                node.MinItems = Count(value, at);
                break;
            case "maxItems":
                node.MaxItems = Count(value, at);
                break;
            case "uniqueItems":
                node.UniqueItems = value.ValueKind == JsonValueKind.True;
                break;
            case "minProperties":
                node.MinProperties = Count(value, at);
                break;
            case "maxProperties":
                node.MaxProperties = Count(value, at);
                break;
            case "required":
                node.Required = Strings(value, at);
                break;
            case "properties":
                node.SetProperties(Map(entry, keyword).ToDictionary(p => p.Name, p => p.Schema, StringComparer.Ordinal));
                break;
            case "patternProperties":
                node.PatternProperties = [.. Map(entry, keyword).Select(p => (CompileRegex(p.Name, at), p.Schema))];
                break;
            case "additionalProperties":
                node.AdditionalProperties = Child(entry, "/additionalProperties");
                break;
            case "propertyNames":
                node.PropertyNames = Child(entry, "/propertyNames");
                break;
            case "dependentRequired" when !draft7:
                node.DependentRequired = [.. value.EnumerateObject().Select(p => (p.Name, Strings(p.Value, at)))];
                break;
            case "dependentSchemas" when !draft7:
                node.DependentSchemas = [.. Map(entry, keyword)];
                break;
            case "dependencies" when draft7:
                CompileDependencies(entry, node, value, at);
                break;
            case "unevaluatedProperties" when !draft7:
                node.UnevaluatedProperties = Child(entry, "/unevaluatedProperties");
                break;
            case "unevaluatedItems" when !draft7:
                node.UnevaluatedItems = Child(entry, "/unevaluatedItems");
                break;
            case "prefixItems" when !draft7:
                node.PrefixItems = Subschemas(entry, keyword);
                break;
            case "items":
                if (value.ValueKind == JsonValueKind.Array)
                {
                    node.PrefixItems = Subschemas(entry, keyword);
                    if (entry.Element.TryGetProperty("additionalItems", out _))
                    {
                        node.Items = Child(entry, "/additionalItems");
                    }
                }
                else
                {
                    node.Items = Child(entry, "/items");
                }

                break;
            case "contains":
                node.Contains = Child(entry, "/contains");
                break;
            case "minContains" when !draft7:
                node.MinContains = Count(value, at);
                break;
            case "maxContains" when !draft7:
                node.MaxContains = Count(value, at);
                break;
            case "allOf":
                node.AllOf = Subschemas(entry, keyword);
                break;
            case "anyOf":
                node.AnyOf = Subschemas(entry, keyword);
                break;
            case "oneOf":
                node.OneOf = Subschemas(entry, keyword);
                break;
            case "not":
                node.Not = Child(entry, "/not");
                break;
            case "if":
                node.If = Child(entry, "/if");
                break;
            case "then":
                node.Then = Child(entry, "/then");
                break;
            case "else":
                node.Else = Child(entry, "/else");
                break;
            case "$defs":
            case "definitions":
                // compiled now so that a malformed definition fails at compile time, not at first use
                _ = Map(entry, keyword);
                break;
        }
    }

    private void CompileDependencies(Entry entry, SchemaNode node, JsonElement value, string at)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new JsonSchemaException("'dependencies' must be an object.", at);
        }

        var required = new List<(string, string[])>();
        var schemas = new List<(string, SchemaNode)>();
        foreach (JsonProperty dependency in value.EnumerateObject())
        {
            if (dependency.Value.ValueKind == JsonValueKind.Array)
            {
                required.Add((dependency.Name, Strings(dependency.Value, at)));
            }
            else
            {
                schemas.Add((dependency.Name, Child(entry, "/dependencies/" + Escape(dependency.Name))));
            }
        }

        node.DependentRequired = required.Count > 0 ? [.. required] : null;
        node.DependentSchemas = schemas.Count > 0 ? [.. schemas] : null;
    }

    private SchemaNode CompileReference(Entry entry, SchemaNode node, JsonElement reference, string keyword)
    {
        string at = node + "/" + keyword;
        if (reference.ValueKind != JsonValueKind.String)
        {
            throw new JsonSchemaException($"'{keyword}' must be a string.", at);
        }

        string target = Resolve(entry.Resource.Key, reference.GetString()!);
        SchemaNode referenced = CompileEntry(Lookup(target, at));
        referenced.Memoize = true; // reachable along more than one path
        return referenced;
    }

    private Entry Lookup(string absolute, string at)
    {
        int hash = absolute.IndexOf('#', StringComparison.Ordinal);
        string key = hash < 0 ? absolute : absolute[..hash];
        string fragment = hash < 0 ? string.Empty : Uri.UnescapeDataString(absolute[(hash + 1)..]);
        if (!_resources.ContainsKey(key))
        {
            if (!_options.RemoteSchemas.TryGetValue(key, out string? remote))
            {
                throw new JsonSchemaException("A $ref points to a schema that is neither in this document nor among the supplied remote schemas.", at);
            }

            JsonDocument document = Parse(remote);
            Discover(document.RootElement, key, _options.DefaultDialect);
        }

        if (_locations.TryGetValue(key + "#" + fragment, out Entry? entry))
        {
            return entry;
        }

        throw new JsonSchemaException("A $ref points to a location that does not exist in its schema.", at);
    }

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

    private static string Resolve(string baseKey, string reference)
    {
        if (reference.StartsWith('#'))
        {
            return baseKey + reference;
        }

        if (Uri.TryCreate(reference, UriKind.Absolute, out Uri? absolute) && !reference.StartsWith('/'))
        {
            return absolute.OriginalString;
        }

        if (Uri.TryCreate(baseKey, UriKind.Absolute, out Uri? baseUri) && baseUri.IsAbsoluteUri && (baseUri.Scheme == Uri.UriSchemeHttp || baseUri.Scheme == Uri.UriSchemeHttps || baseUri.Scheme == Uri.UriSchemeFile)
            && Uri.TryCreate(baseUri, reference, out Uri? combined))
        {
            return combined.AbsoluteUri;
        }

        // non-hierarchical base (urn:): resolve against the base as an opaque prefix
        return reference;
    }

    private static string StripFragment(string uri)
    {
        int hash = uri.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? uri : uri[..hash];
    }

    internal static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private SchemaNode Child(Entry entry, string suffix)
    {
        string location = entry.Resource.Key + "#" + entry.Pointer + suffix;
        if (_locations.TryGetValue(location, out Entry? child))
        {
            return CompileEntry(child);
        }

        throw new JsonSchemaException("A subschema must be an object or a boolean.", "#" + entry.Pointer + suffix);
    }

    private List<(string Name, SchemaNode Schema)> Map(Entry entry, JsonProperty keyword)
    {
        if (keyword.Value.ValueKind != JsonValueKind.Object)
        {
            throw new JsonSchemaException($"'{keyword.Name}' must be an object.", "#" + entry.Pointer + "/" + keyword.Name);
        }

        var list = new List<(string, SchemaNode)>();
        foreach (JsonProperty member in keyword.Value.EnumerateObject())
        {
            list.Add((member.Name, Child(entry, "/" + Escape(keyword.Name) + "/" + Escape(member.Name))));
        }

        return list;
    }

    private SchemaNode[] Subschemas(Entry entry, JsonProperty keyword)
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

    private static (SchemaTypes Types, string Text) ParseTypes(JsonElement value, string at)
    {
        SchemaTypes types = SchemaTypes.None;
        if (value.ValueKind == JsonValueKind.String)
        {
            types = TypeOf(value.GetString()!, at);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in value.EnumerateArray())
            {
                types |= item.ValueKind == JsonValueKind.String ? TypeOf(item.GetString()!, at) : throw new JsonSchemaException("'type' entries must be strings.", at);
            }
        }
        else
        {
            throw new JsonSchemaException("'type' must be a string or an array of strings.", at);
        }

        var names = new List<string>();
        foreach (SchemaTypes t in Enum.GetValues<SchemaTypes>())
        {
            if (t != SchemaTypes.None && (types & t) != 0)
            {
                names.Add(t.ToString().ToLowerInvariant());
            }
        }

        return (types, names.Count == 1 ? names[0] : string.Join(" or ", names));
    }

    private static SchemaTypes TypeOf(string name, string at) => name switch
    {
        "null" => SchemaTypes.Null,
        "boolean" => SchemaTypes.Boolean,
        "object" => SchemaTypes.Object,
        "array" => SchemaTypes.Array,
        "number" => SchemaTypes.Number,
        "string" => SchemaTypes.String,
        "integer" => SchemaTypes.Integer,
        _ => throw new JsonSchemaException("'type' names an unknown type.", at),
    };

    private static SchemaNumber Number(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.Number ? SchemaNumber.From(value) : throw new JsonSchemaException("The keyword must be a number.", at);

    private static int Count(JsonElement value, string at)
    {
        if (value.ValueKind == JsonValueKind.Number && SchemaNumber.IsInteger(value))
        {
            double d = SchemaNumber.ParseDouble(value);
            if (d >= 0)
            {
                return d > int.MaxValue ? int.MaxValue : (int)d;
            }
        }

        throw new JsonSchemaException("The keyword must be a non-negative integer.", at);
    }

    private static string[] Strings(JsonElement value, string at)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new JsonSchemaException("The keyword must be an array of strings.", at);
        }

        return [.. value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new JsonSchemaException("The keyword must be an array of strings.", at))];
    }

    private Regex CompileRegex(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.String ? CompileRegex(value.GetString()!, at) : throw new JsonSchemaException("'pattern' must be a string.", at);

    private Regex CompileRegex(string pattern, string at)
    {
        if (_regexes.TryGetValue(pattern, out Regex? regex))
        {
            return regex;
        }

        try
        {
            regex = new Regex(TranslatePattern(pattern), RegexOptions.CultureInvariant, _options.RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new JsonSchemaException("The regular expression is not valid.", at, ex);
        }

        _regexes[pattern] = regex;
        return regex;
    }

    private static readonly (string Long, string Short)[] UnicodeCategories =
    [
        ("Letter", "L"), ("Lowercase_Letter", "Ll"), ("Uppercase_Letter", "Lu"), ("Titlecase_Letter", "Lt"), ("Modifier_Letter", "Lm"),
        ("Other_Letter", "Lo"), ("Mark", "M"), ("Number", "N"), ("Decimal_Number", "Nd"), ("digit", "Nd"), ("Letter_Number", "Nl"),
        ("Other_Number", "No"), ("Punctuation", "P"), ("Symbol", "S"), ("Separator", "Z"), ("Space_Separator", "Zs"), ("Other", "C"),
        ("Control", "Cc"),
    ];

    /// <summary>Moves ECMA-262 pattern syntax toward .NET's: <c>\d</c> is ASCII-only in ECMA-262, and <c>\p{Letter}</c>-style long names map to .NET's short ones.</summary>
    private static string TranslatePattern(string pattern)
    {
        if (!pattern.Contains('\\', StringComparison.Ordinal))
        {
            return pattern;
        }

        var sb = new StringBuilder(pattern.Length + 8);
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                char next = pattern[i + 1];
                if (next == 'd')
                {
                    sb.Append(inClass ? "0-9" : "[0-9]");
                }
                else if (next == 'D' && !inClass)
                {
                    sb.Append("[^0-9]");
                }
                else if ((next == 'p' || next == 'P') && i + 2 < pattern.Length && pattern[i + 2] == '{')
                {
                    int close = pattern.IndexOf('}', i + 3);
                    string name = close < 0 ? string.Empty : pattern[(i + 3)..close];
                    string mapped = System.Array.Find(UnicodeCategories, c => c.Long.Equals(name, StringComparison.OrdinalIgnoreCase)).Short ?? name;
                    if (close < 0)
                    {
                        sb.Append(c).Append(next);
                    }
                    else
                    {
                        sb.Append(c).Append(next).Append('{').Append(mapped).Append('}');
                        i = close;
                        continue;
                    }
                }
                else
                {
                    sb.Append(c).Append(next);
                }

                i++;
                continue;
            }

            if (c == '[' && !inClass)
            {
                inClass = true;
            }
            else if (c == ']' && inClass)
            {
                inClass = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>A subschema found by discovery.</summary>
    private sealed class Entry(JsonElement element, SchemaResource resource, string pointer, bool isResourceRoot)
    {
        public JsonElement Element { get; } = element;

        public SchemaResource Resource { get; } = resource;

        public string Pointer { get; } = pointer;

        public bool IsResourceRoot { get; } = isResourceRoot;

        public SchemaNode? Node { get; set; }
    }
}
