namespace Compliant.AI;

/// <summary>The outcome of validating one JSON instance.</summary>
public sealed class JsonSchemaValidationResult
{
    internal static readonly JsonSchemaValidationResult Valid = new(JsonValidationFailureKind.None, []);

    internal JsonSchemaValidationResult(JsonValidationFailureKind failure, IReadOnlyList<JsonSchemaValidationError> errors)
    {
        Failure = failure;
        Errors = errors;
    }

    /// <summary>Gets a value indicating whether the instance is valid.</summary>
    public bool IsValid => Failure == JsonValidationFailureKind.None;

    /// <summary>Gets why the instance failed, or <see cref="JsonValidationFailureKind.None"/>.</summary>
    public JsonValidationFailureKind Failure { get; }

    /// <summary>Gets the errors (empty when valid; at most <see cref="JsonSchemaValidatorOptions.MaxErrors"/>).</summary>
    public IReadOnlyList<JsonSchemaValidationError> Errors { get; }
}
