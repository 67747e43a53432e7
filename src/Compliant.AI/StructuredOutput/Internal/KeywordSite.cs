using System.Text.Json;
using System.Text.RegularExpressions;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>
/// What a keyword family needs to compile its keywords of one subschema: the node to fill in, and the compiler to
/// reach subschemas (by their discovered locations) and compiled regular expressions.
/// </summary>
internal readonly record struct KeywordSite(SchemaCompiler Compiler, SchemaEntry Entry, SchemaNode Node, bool Draft7)
{
    /// <summary>Returns the node of the subschema at <paramref name="suffix"/> (a pointer suffix such as <c>/not</c>).</summary>
    public SchemaNode Child(string suffix) => Compiler.Child(Entry, suffix);

    /// <summary>Returns the subschemas of an object-of-schemas keyword (<c>properties</c>, <c>$defs</c>, ...), in document order.</summary>
    public List<(string Name, SchemaNode Schema)> Map(JsonProperty keyword) => Compiler.Map(Entry, keyword);

    /// <summary>Returns the subschemas of an array-of-schemas keyword (<c>allOf</c>, <c>prefixItems</c>, ...).</summary>
    public SchemaNode[] Subschemas(JsonProperty keyword) => Compiler.Subschemas(Entry, keyword);

    /// <summary>Compiles a <c>pattern</c> value (shared across the schema).</summary>
    public Regex Regex(JsonElement value, string at) => Compiler.CompileRegex(value, at);

    /// <summary>Compiles a pattern given as a string (a <c>patternProperties</c> name).</summary>
    public Regex Regex(string pattern, string at) => Compiler.CompileRegex(pattern, at);
}
