namespace Compliant.AI;

/// <summary>Why a JSON instance failed validation.</summary>
public enum JsonValidationFailureKind
{
    /// <summary>The instance is valid.</summary>
    None,

    /// <summary>The text is not well-formed JSON.</summary>
    InvalidJson,

    /// <summary>The instance is JSON but violates the schema.</summary>
    SchemaViolation,

    /// <summary>The instance nests deeper than <see cref="JsonSchemaValidatorOptions.MaxDepth"/>.</summary>
    DepthLimitExceeded,

    /// <summary>The instance is larger than <see cref="JsonSchemaValidatorOptions.MaxInstanceBytes"/>.</summary>
    SizeLimitExceeded,

    /// <summary>
    /// Validating the instance would take more work than <see cref="JsonSchemaValidatorOptions.MaxWork"/>, recurse deeper
    /// than the evaluator allows, or a <c>pattern</c> match took longer than <see cref="JsonSchemaValidatorOptions.RegexTimeout"/>.
    /// </summary>
    WorkLimitExceeded,
}
