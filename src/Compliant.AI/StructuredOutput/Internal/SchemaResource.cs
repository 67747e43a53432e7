namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>A schema resource: a document root or a subschema with its own <c>$id</c>.</summary>
internal sealed class SchemaResource(string key, JsonSchemaDialect dialect)
{
    /// <summary>Gets the absolute URI of the resource, without fragment.</summary>
    public string Key { get; } = key;

    public JsonSchemaDialect Dialect { get; set; } = dialect;

    /// <summary>Gets the compiled subschemas that declare a <c>$dynamicAnchor</c>, by anchor name.</summary>
    public Dictionary<string, SchemaNode> DynamicAnchors { get; } = new(StringComparer.Ordinal);
}
