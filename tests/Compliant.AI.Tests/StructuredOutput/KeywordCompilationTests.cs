using System.Text.Json;
using Compliant.AI.StructuredOutput.Internal;

namespace Compliant.AI.Tests.StructuredOutput;

/// <summary>
/// The compile side of the engine piece by piece: each keyword family's <c>Compile</c> on one subschema, discovery
/// (<see cref="SchemaRegistry"/>), URI resolution and pattern translation (end-to-end behaviour is pinned by
/// <see cref="JsonSchemaValidatorTests"/> and the JSON Schema Test Suite).
/// </summary>
public sealed class KeywordCompilationTests
{
    private static (KeywordSite Site, JsonElement Schema) Site(string schema, JsonSchemaDialect dialect = JsonSchemaDialect.Draft202012)
    {
        JsonElement element = JsonDocument.Parse(schema).RootElement;
        var resource = new SchemaResource(SchemaCompiler.DefaultBaseUri, dialect);
        var entry = new SchemaEntry(element, resource, string.Empty, isResourceRoot: true);
        var node = new SchemaNode("#", resource);
        return (new KeywordSite(new SchemaCompiler(new JsonSchemaValidatorOptions()), entry, node, dialect == JsonSchemaDialect.Draft7), element);
    }

    private static JsonProperty Keyword(JsonElement schema, string name) => schema.EnumerateObject().Single(p => p.Name == name);

    [Fact]
    public void TypeKeywords_Compile_ReadsTypeConstAndEnum_LeavesOthers()
    {
        (KeywordSite site, JsonElement schema) = Site("""{"type":["integer","null"],"enum":[1,null],"minimum":0}""");

        Assert.True(TypeKeywords.Compile(site, Keyword(schema, "type"), "#/type"));
        Assert.True(TypeKeywords.Compile(site, Keyword(schema, "enum"), "#/enum"));
        Assert.False(TypeKeywords.Compile(site, Keyword(schema, "minimum"), "#/minimum"));

        Assert.Equal(SchemaTypes.Integer | SchemaTypes.Null, site.Node.Types);
        Assert.Equal("null or integer", site.Node.TypesText);
        Assert.Equal("1, null", site.Node.EnumText);
        Assert.Null(site.Node.Minimum);
    }

    [Theory]
    [InlineData("""{"type":"decimal"}""", "type", "'type' names an unknown type.")]
    [InlineData("""{"multipleOf":0}""", "multipleOf", "'multipleOf' must be greater than 0.")]
    [InlineData("""{"minLength":-1}""", "minLength", "The keyword must be a non-negative integer.")]
    [InlineData("""{"minimum":"5"}""", "minimum", "The keyword must be a number.")]
    public void Compile_MalformedValue_FailsTheSchemaAtTheKeyword(string schemaText, string name, string message)
    {
        (KeywordSite site, JsonElement schema) = Site(schemaText);
        JsonProperty keyword = Keyword(schema, name);

        var ex = Assert.Throws<JsonSchemaException>(() =>
            TypeKeywords.Compile(site, keyword, "#/" + name) || NumericKeywords.Compile(site, keyword, "#/" + name) || StringKeywords.Compile(site, keyword, "#/" + name));

        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DialectGuardedKeywords_BelongToTheirFamilyOnlyInTheirDialect()
    {
        const string Schema = """{"dependentRequired":{"a":["b"]},"dependencies":{"a":["b"]},"minContains":1,"unevaluatedItems":false}""";
        (KeywordSite modern, JsonElement schema) = Site(Schema);
        (KeywordSite draft7, _) = Site(Schema, JsonSchemaDialect.Draft7);

        Assert.True(ObjectKeywords.Compile(modern, Keyword(schema, "dependentRequired"), "#"));
        Assert.False(ObjectKeywords.Compile(modern, Keyword(schema, "dependencies"), "#"));
        Assert.False(ObjectKeywords.Compile(draft7, Keyword(schema, "dependentRequired"), "#"));
        Assert.True(ObjectKeywords.Compile(draft7, Keyword(schema, "dependencies"), "#"));
        Assert.True(ArrayKeywords.Compile(modern, Keyword(schema, "minContains"), "#"));
        Assert.False(ArrayKeywords.Compile(draft7, Keyword(schema, "minContains"), "#"));
        Assert.False(UnevaluatedKeywords.Compile(draft7, Keyword(schema, "unevaluatedItems")));

        (string property, string[] required) = Assert.Single(draft7.Node.DependentRequired!);
        Assert.Equal("a", property);
        Assert.Equal(["b"], required);
        Assert.Null(draft7.Node.DependentSchemas);
        Assert.Equal(1, modern.Node.MinContains);
    }

    [Fact]
    public void SchemaRegistry_Discover_RegistersPointersAnchorsAndEmbeddedResources()
    {
        JsonElement root = JsonDocument.Parse("""
            {"$id":"https://example.com/root.json",
             "$defs":{"a":{"$anchor":"here","type":"string"},"b":{"$id":"other.json","items":{"type":"null"}}}}
            """).RootElement;
        var registry = new SchemaRegistry(maxSchemaBytes: 1 << 20);

        string key = registry.Discover(root, SchemaCompiler.DefaultBaseUri, JsonSchemaDialect.Draft202012);

        // Every subschema is registered under each enclosing resource: the base URI and the root's $id.
        const string Root = "https://example.com/root.json";
        Assert.Equal(SchemaCompiler.DefaultBaseUri, key);
        Assert.True(registry.TryGet(key + "#/$defs/a", out SchemaEntry? a));
        Assert.True(registry.TryGet(Root + "#/$defs/a", out SchemaEntry? sameA));
        Assert.Same(a, sameA);
        Assert.True(registry.TryGet(Root + "#here", out SchemaEntry? anchored));
        Assert.Same(a, anchored);
        Assert.True(registry.HasResource("https://example.com/other.json"));
        Assert.True(registry.TryGet("https://example.com/other.json#/items", out SchemaEntry? items));
        Assert.True(registry.TryGet(Root + "#/$defs/b/items", out SchemaEntry? sameItems));
        Assert.Same(items, sameItems);
        Assert.False(registry.TryGet(key + "#/$defs/c", out _));
    }

    [Theory]
    [InlineData("https://example.com/a/root.json", "other.json", "https://example.com/a/other.json")]
    [InlineData("https://example.com/a/root.json", "#/$defs/x", "https://example.com/a/root.json#/$defs/x")]
    [InlineData("urn:compliant-ai:schema", "urn:other#frag", "urn:other#frag")]
    public void SchemaUri_Resolve_AgainstTheResourceKey(string baseKey, string reference, string expected) =>
        Assert.Equal(expected, SchemaUri.Resolve(baseKey, reference));

    [Fact]
    public void SchemaUri_EscapeAndStripFragment()
    {
        Assert.Equal("a~1b~0c", SchemaUri.Escape("a/b~c"));
        Assert.Equal("https://example.com/x.json", SchemaUri.StripFragment("https://example.com/x.json#/a"));
    }

    [Theory]
    [InlineData(@"^[a-z]+$", @"^[a-z]+$")]
    [InlineData(@"^\d+$", @"^[0-9]+$")]
    [InlineData(@"[\d.]", @"[0-9.]")]
    [InlineData(@"\D", @"[^0-9]")]
    [InlineData(@"^\p{Letter}\P{digit}$", @"^\p{L}\P{Nd}$")]
    [InlineData(@"\w\.", @"\w\.")]
    public void EcmaPattern_ToDotNet_AsciiDigitsAndShortCategoryNames(string pattern, string expected) =>
        Assert.Equal(expected, EcmaPattern.ToDotNet(pattern));
}
