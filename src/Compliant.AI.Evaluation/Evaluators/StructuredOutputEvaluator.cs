using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Compliant.AI;

/// <summary>
/// The structured-output measures of <c>compliant eval</c> as a Microsoft.Extensions.AI.Evaluation <see cref="IEvaluator"/>:
/// whether the answer is JSON at all and whether it satisfies the schema, with the library's own
/// <see cref="JsonSchemaValidator"/>. Needs no model (it ignores the chat configuration).
/// </summary>
/// <remarks>
/// The reason of a failed schema check names the failing keywords and instance paths, never instance values, so an
/// answer's personal data does not reach an evaluation report. Compile the validator once and share the evaluator.
/// </remarks>
public sealed class StructuredOutputEvaluator : IEvaluator
{
    /// <summary>The metric that is true when the answer parses as JSON.</summary>
    public const string ValidJsonMetricName = "Compliant Valid JSON";

    /// <summary>The metric that is true when the answer satisfies the schema.</summary>
    public const string SchemaValidMetricName = "Compliant Schema Valid";

    private readonly JsonSchemaValidator _validator;

    /// <summary>Initializes a new instance of the <see cref="StructuredOutputEvaluator"/> class.</summary>
    /// <param name="validator">The compiled schema the answers must satisfy.</param>
    public StructuredOutputEvaluator(JsonSchemaValidator validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        _validator = validator;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> EvaluationMetricNames { get; } = [ValidJsonMetricName, SchemaValidMetricName];

    /// <inheritdoc />
    public ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelResponse);
        var json = new BooleanMetric(ValidJsonMetricName);
        var schema = new BooleanMetric(SchemaValidMetricName);
        var result = new EvaluationResult(json, schema);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(modelResponse.Text);
        }
        catch (JsonException)
        {
            json.Value = false;
            json.Reason = "not JSON";
            schema.Value = false;
            schema.Reason = "not JSON";
            return ValueTask.FromResult(result);
        }

        json.Value = true;
        json.Reason = "parses as JSON";

        // Validate the parsed document: the answer is parsed once.
        JsonSchemaValidationResult validation;
        using (document)
        {
            validation = _validator.Validate(document.RootElement, cancellationToken);
        }

        schema.Value = validation.IsValid;
        schema.Reason = validation.IsValid
            ? "valid"
            : string.Create(CultureInfo.InvariantCulture, $"{validation.Failure}: {string.Join("; ", validation.Errors.Take(5).Select(e => $"{(e.InstancePath.Length == 0 ? "(root)" : e.InstancePath)} [{e.Keyword}]"))}");
        return ValueTask.FromResult(result);
    }
}
