using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options for <see cref="StructuredOutputChatClient"/>, bindable from the <c>Compliant:StructuredOutput</c> configuration section.</summary>
public sealed class StructuredOutputOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Compliant:StructuredOutput";

    /// <summary>Gets or sets what happens to an answer that fails its schema.</summary>
    /// <value>The default is <see cref="StructuredOutputMode.Enforce"/>.</value>
    public StructuredOutputMode Mode { get; set; } = StructuredOutputMode.Enforce;

    /// <summary>Gets or sets the total number of model calls per request, the first one included.</summary>
    /// <value>The default is 3 (one answer and up to two re-asks).</value>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Gets or sets a value indicating whether an answer wrapped in one Markdown code fence (<c>```json ... ```</c>) is unwrapped before validation.</summary>
    /// <value>The default is <see langword="false"/>: a fenced answer is invalid JSON and is re-asked.</value>
    /// <remarks>This is the only leniency: no other repair (trailing commas, quotes, truncation) is attempted.</remarks>
    public bool StripMarkdownCodeFence { get; set; }

    /// <summary>Gets or sets the most validation errors quoted in one re-ask message.</summary>
    /// <value>The default is 10.</value>
    [Range(1, 100)]
    public int MaxErrorsInReask { get; set; } = 10;

    /// <summary>Gets or sets the largest answer accepted, in UTF-8 bytes; a larger one fails with <c>instance_too_large</c>.</summary>
    /// <value>The default is 1 MiB (1,048,576).</value>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxInstanceBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the deepest nesting accepted in an answer; a deeper one fails with <c>instance_too_deep</c>.</summary>
    /// <value>The default is 64.</value>
    [Range(1, 1000)]
    public int MaxDepth { get; set; } = 64;

    /// <summary>Gets or sets the most work validating one answer may take; more fails with <c>work_limit_exceeded</c>.</summary>
    /// <value>The default is 10,000,000 steps (see <see cref="JsonSchemaValidatorOptions.MaxWork"/>).</value>
    [Range(1, int.MaxValue)]
    public int MaxWork { get; set; } = 10_000_000;

    /// <summary>Gets or sets the largest request schema accepted, in UTF-8 bytes; a larger one throws <see cref="JsonSchemaException"/>.</summary>
    /// <value>The default is 1 MiB (1,048,576).</value>
    [Range(1, int.MaxValue)]
    public int MaxSchemaBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the deepest JSON nesting accepted in a request schema; a deeper one throws <see cref="JsonSchemaException"/>.</summary>
    /// <value>The default is 256.</value>
    [Range(1, 4096)]
    public int MaxSchemaDepth { get; set; } = 256;

    /// <summary>Gets or sets the time limit of one <c>pattern</c> match, in milliseconds; a match that takes longer fails the answer with <c>work_limit_exceeded</c>.</summary>
    /// <value>The default is 100.</value>
    [Range(1, 60_000)]
    public int RegexTimeoutMilliseconds { get; set; } = 100;

    /// <summary>Gets or sets how many compiled schemas are kept (least recently used are evicted).</summary>
    /// <value>The default is 256.</value>
    [Range(1, 100_000)]
    public int ValidatorCacheSize { get; set; } = 256;

    /// <summary>Gets or sets the draft assumed for schemas without <c>$schema</c>.</summary>
    /// <value>The default is <see cref="JsonSchemaDialect.Draft202012"/>, what <c>GetResponseAsync&lt;T&gt;</c> generates.</value>
    public JsonSchemaDialect DefaultDialect { get; set; } = JsonSchemaDialect.Draft202012;

    /// <summary>Gets or sets a value indicating whether validation errors (in re-asks and exceptions) may quote values from the answer and name its properties that the schema does not declare.</summary>
    /// <value>The default is <see langword="false"/>: answers may carry personal data, in values and in property names. Paths then write an undeclared property as <c>*N</c>, its 1-based position in its object.</value>
    public bool IncludeInstanceValuesInErrors { get; set; }

    /// <summary>A copy (every property is a value or an immutable string).</summary>
    internal StructuredOutputOptions Clone() => (StructuredOutputOptions)MemberwiseClone();
}
