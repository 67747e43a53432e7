namespace Compliant.AI;

/// <summary>One reason an instance does not conform to a schema.</summary>
/// <param name="InstancePath">The JSON Pointer of the offending location in the instance (<c>""</c> for the root).</param>
/// <param name="KeywordPath">The JSON Pointer of the failing keyword in the schema, prefixed with <c>#</c> (for example <c>#/properties/priority/enum</c>).</param>
/// <param name="Keyword">The failing keyword (for example <c>enum</c>), or <c>json</c>/<c>maxDepth</c>/<c>maxBytes</c> for parse and limit failures.</param>
/// <param name="Message">A message that names the rule, never the instance value (unless <see cref="JsonSchemaValidatorOptions.IncludeInstanceValues"/> is set).</param>
/// <remarks>Schema constants (such as the allowed values of an <c>enum</c>) may appear in messages: schemas carry no personal data.</remarks>
public sealed record JsonSchemaValidationError(string InstancePath, string KeywordPath, string Keyword, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{(InstancePath.Length == 0 ? "(root)" : InstancePath)}: {Message} [{Keyword}]";
}
