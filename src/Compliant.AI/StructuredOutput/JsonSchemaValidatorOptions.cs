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

    /// <summary>Gets or sets a value indicating whether error messages may quote instance values.</summary>
    /// <value>The default is <see langword="false"/>: instance values may be personal data.</value>
    public bool IncludeInstanceValues { get; set; }

    /// <summary>Gets the schemas that remote <c>$ref</c>s may resolve to, keyed by absolute URI. Nothing is fetched from the network.</summary>
    public IDictionary<string, string> RemoteSchemas { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
