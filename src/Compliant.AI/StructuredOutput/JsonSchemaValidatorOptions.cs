using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options for compiling and running a <see cref="JsonSchemaValidator"/>.</summary>
public sealed class JsonSchemaValidatorOptions
{
    /// <summary>Gets or sets the draft used when a schema has no <c>$schema</c>.</summary>
    /// <value>The default is <see cref="JsonSchemaDialect.Draft202012"/>.</value>
    public JsonSchemaDialect DefaultDialect { get; set; } = JsonSchemaDialect.Draft202012;

    /// <summary>Gets or sets the deepest nesting of arrays and objects accepted in an instance.</summary>
    /// <value>The default is 64.</value>
    [Range(1, 1000)]
    public int MaxDepth { get; set; } = 64;

    /// <summary>Gets or sets the largest instance accepted, in UTF-8 bytes.</summary>
    /// <value>The default is 1 MiB (1,048,576).</value>
    [Range(1, int.MaxValue)]
    public int MaxInstanceBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the most errors reported for one instance.</summary>
    /// <value>The default is 50.</value>
    [Range(1, 10_000)]
    public int MaxErrors { get; set; } = 50;

    /// <summary>Gets or sets the time limit for one <c>pattern</c> or <c>patternProperties</c> match.</summary>
    /// <value>The default is 100 milliseconds.</value>
    public TimeSpan RegexTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets a value indicating whether error messages may quote instance values and instance paths may name the properties the schema does not declare.</summary>
    /// <value>The default is <see langword="false"/>: instance values and property names may be personal data.</value>
    /// <remarks>
    /// When <see langword="false"/>, an instance path names a property only when the schema declares that name in
    /// <c>properties</c>; any other property is written <c>*N</c>, its 1-based position in its object.
    /// </remarks>
    public bool IncludeInstanceValues { get; set; }

    /// <summary>Gets or sets the most work one validation may do before it fails with <see cref="JsonValidationFailureKind.WorkLimitExceeded"/>.</summary>
    /// <value>The default is 10,000,000 steps.</value>
    /// <remarks>
    /// A step is one subschema applied to one instance location, one property or item visited, or about 64 characters
    /// matched or compared. Validation is polynomial in the instance size for any schema (each subschema that can be
    /// reached along several paths is evaluated once per location), so the budget only bounds what a large instance
    /// under a large schema may cost; about 10 steps per instance value is typical.
    /// </remarks>
    [Range(1, int.MaxValue)]
    public int MaxWork { get; set; } = 10_000_000;

    /// <summary>Gets or sets the deepest JSON nesting accepted in a schema document (each compiled or supplied remote schema).</summary>
    /// <value>The default is 256.</value>
    [Range(1, 4096)]
    public int MaxSchemaDepth { get; set; } = 256;

    /// <summary>Gets or sets the largest schema document accepted, in UTF-8 bytes (each compiled or supplied remote schema).</summary>
    /// <value>The default is 1 MiB (1,048,576).</value>
    /// <remarks>The compiler's own work is bounded in proportion: a schema whose subschema locations add up to more than 32 times this size is rejected.</remarks>
    [Range(1, int.MaxValue)]
    public int MaxSchemaBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets the schemas that remote <c>$ref</c>s may resolve to, keyed by absolute URI. Nothing is fetched from the network.</summary>
    public IDictionary<string, string> RemoteSchemas { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
