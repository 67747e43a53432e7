using System.Globalization;
using System.Text;

namespace Compliant.AI;

/// <summary>The exception thrown when a model's answer still does not conform to the requested JSON schema after every attempt.</summary>
/// <remarks>
/// Carries the last attempt's errors (instance paths, keywords and messages that never quote the answer's values) and
/// the number of attempts made. The answer itself is not attached: it may hold personal data.
/// </remarks>
public sealed class StructuredOutputValidationException : ComplianceRejectedException
{
    /// <summary>Initializes a new instance of the <see cref="StructuredOutputValidationException"/> class.</summary>
    public StructuredOutputValidationException()
        : this("The model's answer does not conform to the requested JSON schema.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StructuredOutputValidationException"/> class.</summary>
    /// <param name="message">The message.</param>
    public StructuredOutputValidationException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StructuredOutputValidationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StructuredOutputValidationException(string message, Exception? innerException)
        : base("structured_output", "attempts_exhausted", message, innerException)
    {
        Errors = [];
    }

    /// <summary>Initializes a new instance of the <see cref="StructuredOutputValidationException"/> class.</summary>
    /// <param name="failure">Why the last answer failed.</param>
    /// <param name="errors">The last answer's errors.</param>
    /// <param name="attempts">The number of model calls made.</param>
    public StructuredOutputValidationException(JsonValidationFailureKind failure, IReadOnlyList<JsonSchemaValidationError> errors, int attempts)
        : base("structured_output", "attempts_exhausted", BuildMessage(failure, errors, attempts))
    {
        ArgumentNullException.ThrowIfNull(errors);
        Failure = failure;
        Errors = errors;
        Attempts = attempts;
    }

    /// <summary>Gets why the last answer failed.</summary>
    public JsonValidationFailureKind Failure { get; }

    /// <summary>Gets the last answer's validation errors.</summary>
    public IReadOnlyList<JsonSchemaValidationError> Errors { get; }

    /// <summary>Gets the number of model calls made, the first one included.</summary>
    public int Attempts { get; }

    private static string BuildMessage(JsonValidationFailureKind failure, IReadOnlyList<JsonSchemaValidationError> errors, int attempts)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"The model's answer did not conform to the requested JSON schema after {attempts} attempt{(attempts == 1 ? string.Empty : "s")} ({failure}, {errors?.Count ?? 0} error{(errors?.Count == 1 ? string.Empty : "s")})");
        if (errors is { Count: > 0 })
        {
            sb.Append(": ");
            for (int i = 0; i < Math.Min(3, errors.Count); i++)
            {
                sb.Append(i == 0 ? string.Empty : "; ").Append(errors[i]);
            }

            if (errors.Count > 3)
            {
                sb.Append("; ...");
            }
        }

        return sb.Append('.').ToString();
    }
}
