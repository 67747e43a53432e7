using System.Globalization;
using System.Text.Json;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>
/// Discovery, the compiler's first pass: registers every subschema of a document by its canonical location
/// (<c>resource#/json/pointer</c>, under every enclosing resource), every <c>$anchor</c>/<c>$dynamicAnchor</c> and every
/// embedded resource (<c>$id</c>), so that references resolve through one table and cycles compile to cycles.
/// </summary>
internal sealed class SchemaRegistry
{
    private static readonly string[] MapKeywords = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
    private static readonly string[] SingleKeywords = ["additionalProperties", "unevaluatedProperties", "additionalItems", "unevaluatedItems", "contains", "not", "if", "then", "else", "propertyNames"];
    private static readonly string[] ListKeywords = ["allOf", "anyOf", "oneOf", "prefixItems"];

    private readonly Dictionary<string, SchemaEntry> _locations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SchemaResource> _resources = new(StringComparer.Ordinal);
    private readonly List<(SchemaEntry Entry, string Name)> _dynamicAnchors = [];
    private readonly int _maxSchemaBytes;
    private long _locationChars;

    public SchemaRegistry(int maxSchemaBytes) => _maxSchemaBytes = maxSchemaBytes;

    /// <summary>Gets every <c>$dynamicAnchor</c> found, with the subschema that declares it.</summary>
    public IReadOnlyList<(SchemaEntry Entry, string Name)> DynamicAnchors => _dynamicAnchors;

    /// <summary>Whether a resource with the key <paramref name="key"/> (a URI without fragment) has been discovered.</summary>
    public bool HasResource(string key) => _resources.ContainsKey(key);

    /// <summary>Gets the subschema at <paramref name="location"/>; throws <see cref="KeyNotFoundException"/> when there is none.</summary>
    public SchemaEntry this[string location] => _locations[location];

    /// <summary>Finds the subschema at <paramref name="location"/> (<c>resource#fragment</c>).</summary>
    public bool TryGet(string location, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SchemaEntry? entry) => _locations.TryGetValue(location, out entry);

    public string Discover(JsonElement root, string baseUri, JsonSchemaDialect dialect)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("$schema", out JsonElement schemaUri) && schemaUri.ValueKind == JsonValueKind.String)
        {
            dialect = DialectOf(schemaUri.GetString()!, dialect);
        }

        string key = SchemaUri.StripFragment(baseUri);
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
                string absolute = SchemaUri.Resolve(resource.Key, idText);
                string key = SchemaUri.StripFragment(absolute);
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

        SchemaEntry entry = Register(element, resource, pointer, enclosing, isRoot);
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
            string childPointer = pointer + "/" + SchemaUri.Escape(name);
            List<(string, string)> childEnclosing = Extend(enclosing, "/" + SchemaUri.Escape(name));
            if (Array.IndexOf(MapKeywords, name) >= 0 && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty member in property.Value.EnumerateObject())
                {
                    string segment = "/" + SchemaUri.Escape(member.Name);
                    Walk(member.Value, resource, childPointer + segment, Extend(childEnclosing, segment), isRoot: false);
                }
            }
            else if (name == "dependencies" && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty member in property.Value.EnumerateObject())
                {
                    string segment = "/" + SchemaUri.Escape(member.Name);
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

    private SchemaEntry Register(JsonElement element, SchemaResource resource, string pointer, List<(string Key, string Pointer)> enclosing, bool isRoot)
    {
        SchemaEntry? entry = null;
        foreach ((string key, string p) in enclosing)
        {
            string location = key + "#" + p;
            if (_locations.TryGetValue(location, out SchemaEntry? existing))
            {
                entry ??= existing;
            }
        }

        entry ??= new SchemaEntry(element, resource, pointer, isRoot);
        foreach ((string key, string p) in enclosing)
        {
            _locationChars += key.Length + p.Length + 1;
            if (_locationChars > 32L * _maxSchemaBytes)
            {
                throw new JsonSchemaException($"The schema is too large to compile: its subschema locations add up to more than 32 times the limit of {_maxSchemaBytes.ToString(CultureInfo.InvariantCulture)} bytes.");
            }

            _locations.TryAdd(key + "#" + p, entry);
        }

        return entry;
    }

    private void RegisterLocation(string location, JsonElement element, SchemaResource resource, string pointer, bool isRoot) =>
        _locations.TryAdd(location, _locations.TryGetValue(resource.Key + "#" + pointer, out SchemaEntry? e) ? e : new SchemaEntry(element, resource, pointer, isRoot));
}
