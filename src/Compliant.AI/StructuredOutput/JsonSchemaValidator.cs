using System.Runtime.InteropServices;
using System.Text.Json;
using Compliant.AI.Internal;
using Compliant.AI.StructuredOutput.Internal;

namespace Compliant.AI;

/// <summary>A JSON schema compiled once into a validator tree, checking JSON instances with System.Text.Json.</summary>
/// <remarks>
/// <para>
/// Supports JSON Schema draft 2020-12 and draft 7: types, object, array, string and number keywords, <c>enum</c>/<c>const</c>,
/// the applicators (<c>allOf</c>, <c>anyOf</c>, <c>oneOf</c>, <c>not</c>, <c>if</c>/<c>then</c>/<c>else</c>, <c>dependentSchemas</c>),
/// <c>unevaluatedProperties</c>/<c>unevaluatedItems</c>, and <c>$ref</c>/<c>$dynamicRef</c> to local JSON pointers,
/// <c>$id</c>-relative URIs, <c>$anchor</c>s and remote schemas supplied in <see cref="JsonSchemaValidatorOptions.RemoteSchemas"/>
/// (nothing is fetched). <c>format</c> is an annotation only. String lengths count Unicode code points; numbers compare
/// by value (<c>1</c> equals <c>1.0</c>); <c>pattern</c> uses .NET regular expressions with a match timeout.
/// </para>
/// <para>
/// Instances are thread-safe: compile once and validate concurrently. Error messages name the instance location
/// (JSON Pointer) and the failing keyword but never quote the instance's values, which may be personal data,
/// unless <see cref="JsonSchemaValidatorOptions.IncludeInstanceValues"/> is set.
/// </para>
/// </remarks>
public sealed class JsonSchemaValidator
{
    private readonly SchemaNode _root;
    private readonly JsonSchemaValidatorOptions _options;
    private readonly IReadOnlyList<JsonDocument> _documents;

    private JsonSchemaValidator(SchemaNode root, JsonSchemaValidatorOptions options, IReadOnlyList<JsonDocument> documents)
    {
        _root = root;
        _options = options;
        _documents = documents;
    }

    /// <summary>Gets the options the validator was compiled with.</summary>
    public JsonSchemaValidatorOptions Options => _options;

    /// <summary>Compiles a schema from its JSON text with the default options.</summary>
    /// <param name="schemaJson">The schema.</param>
    /// <returns>The compiled validator.</returns>
    /// <exception cref="JsonSchemaException">The schema is not JSON, is malformed, or has a <c>$ref</c> that cannot be resolved.</exception>
    public static JsonSchemaValidator Compile(string schemaJson) => Compile(schemaJson, null);

    /// <summary>Compiles a schema from its JSON text.</summary>
    /// <param name="schemaJson">The schema.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <returns>The compiled validator.</returns>
    /// <exception cref="JsonSchemaException">The schema is not JSON, is malformed, or has a <c>$ref</c> that cannot be resolved.</exception>
    public static JsonSchemaValidator Compile(string schemaJson, JsonSchemaValidatorOptions? options)
    {
        Throw.IfNull(schemaJson);
        options ??= new JsonSchemaValidatorOptions();
        var compiler = new SchemaCompiler(options);
        JsonDocument document = compiler.Parse(schemaJson);
        return new JsonSchemaValidator(compiler.Compile(document.RootElement), options, compiler.Documents);
    }

    /// <summary>Compiles a schema from a parsed element (cloned, so the caller's document may be disposed).</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <returns>The compiled validator.</returns>
    /// <exception cref="JsonSchemaException">The schema is malformed, larger or deeper than <see cref="JsonSchemaValidatorOptions.MaxSchemaBytes"/> or <see cref="JsonSchemaValidatorOptions.MaxSchemaDepth"/>, or has a <c>$ref</c> that cannot be resolved.</exception>
    public static JsonSchemaValidator Compile(JsonElement schema, JsonSchemaValidatorOptions? options)
    {
        options ??= new JsonSchemaValidatorOptions();
        var compiler = new SchemaCompiler(options);
        compiler.CheckBounds(JsonMarshal.GetRawUtf8Value(schema));
        return new JsonSchemaValidator(compiler.Compile(schema.Clone()), options, compiler.Documents);
    }

    /// <summary>Validates a parsed instance.</summary>
    /// <param name="instance">The instance.</param>
    /// <returns>
    /// The result, with at most <see cref="JsonSchemaValidatorOptions.MaxErrors"/> errors;
    /// <see cref="JsonValidationFailureKind.InvalidJson"/> when a string escapes an unpaired UTF-16 surrogate,
    /// <see cref="JsonValidationFailureKind.DepthLimitExceeded"/> when it nests deeper than <see cref="JsonSchemaValidatorOptions.MaxDepth"/>,
    /// <see cref="JsonValidationFailureKind.WorkLimitExceeded"/> when validating it would exceed <see cref="JsonSchemaValidatorOptions.MaxWork"/>.
    /// </returns>
    public JsonSchemaValidationResult Validate(JsonElement instance) =>
        Validate(instance, CancellationToken.None);

    /// <summary>Validates a parsed instance.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="cancellationToken">Observed while validating.</param>
    /// <returns>
    /// The result, with at most <see cref="JsonSchemaValidatorOptions.MaxErrors"/> errors;
    /// <see cref="JsonValidationFailureKind.InvalidJson"/> when a string escapes an unpaired UTF-16 surrogate,
    /// <see cref="JsonValidationFailureKind.DepthLimitExceeded"/> when it nests deeper than <see cref="JsonSchemaValidatorOptions.MaxDepth"/>,
    /// <see cref="JsonValidationFailureKind.WorkLimitExceeded"/> when validating it would exceed <see cref="JsonSchemaValidatorOptions.MaxWork"/>.
    /// </returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public JsonSchemaValidationResult Validate(JsonElement instance, CancellationToken cancellationToken)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(instance);
        if (ExceedsDepth(raw, _options.MaxDepth))
        {
            return DepthExceeded();
        }

        return JsonText.HasLoneSurrogateEscape(raw) ? LoneSurrogate() : Evaluate(instance, cancellationToken);
    }

    /// <summary>Returns whether a parsed instance is valid, without collecting errors.</summary>
    /// <param name="instance">The instance.</param>
    /// <returns><see langword="true"/> when valid; <see langword="false"/> when invalid or when any limit of <see cref="Validate(JsonElement, CancellationToken)"/> was hit.</returns>
    public bool IsValid(JsonElement instance) =>
        IsValid(instance, CancellationToken.None);

    /// <summary>Returns whether a parsed instance is valid, without collecting errors.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="cancellationToken">Observed while validating.</param>
    /// <returns><see langword="true"/> when valid; <see langword="false"/> when invalid or when any limit of <see cref="Validate(JsonElement, CancellationToken)"/> was hit.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public bool IsValid(JsonElement instance, CancellationToken cancellationToken)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(instance);
        if (ExceedsDepth(raw, _options.MaxDepth) || JsonText.HasLoneSurrogateEscape(raw))
        {
            return false;
        }

        var context = new EvaluationContext(instance, _options.MaxErrors, _options.IncludeInstanceValues, _options.MaxWork, cancellationToken);
        try
        {
            return _root.Evaluate(instance, context, null);
        }
        catch (ValidationAbortedException)
        {
            return false;
        }
    }

    /// <summary>Parses and validates JSON text, applying the size and depth limits.</summary>
    /// <param name="json">The instance text.</param>
    /// <returns>The result; <see cref="JsonValidationFailureKind.InvalidJson"/> (also for an unpaired UTF-16 surrogate, raw or escaped), <see cref="JsonValidationFailureKind.DepthLimitExceeded"/>, <see cref="JsonValidationFailureKind.SizeLimitExceeded"/> or <see cref="JsonValidationFailureKind.WorkLimitExceeded"/> when it could not be checked.</returns>
    public JsonSchemaValidationResult Validate(string json) =>
        Validate(json, CancellationToken.None);

    /// <summary>Parses and validates JSON text, applying the size and depth limits.</summary>
    /// <param name="json">The instance text.</param>
    /// <param name="cancellationToken">Observed while validating.</param>
    /// <returns>The result; <see cref="JsonValidationFailureKind.InvalidJson"/> (also for an unpaired UTF-16 surrogate, raw or escaped), <see cref="JsonValidationFailureKind.DepthLimitExceeded"/>, <see cref="JsonValidationFailureKind.SizeLimitExceeded"/> or <see cref="JsonValidationFailureKind.WorkLimitExceeded"/> when it could not be checked.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public JsonSchemaValidationResult Validate(string json, CancellationToken cancellationToken)
    {
        Throw.IfNull(json);
        if ((long)json.Length > _options.MaxInstanceBytes)
        {
            return SizeExceeded();
        }

        if (!JsonText.TryGetUtf8(json, out byte[] utf8))
        {
            return LoneSurrogate();
        }

        return utf8.Length > _options.MaxInstanceBytes ? SizeExceeded() : ValidateUtf8(utf8, cancellationToken);
    }

    /// <summary>Parses and validates UTF-8 JSON, applying the size and depth limits.</summary>
    /// <param name="utf8Json">The instance bytes.</param>
    /// <returns>The result; <see cref="JsonValidationFailureKind.InvalidJson"/> (also for an unpaired UTF-16 surrogate escape), <see cref="JsonValidationFailureKind.DepthLimitExceeded"/>, <see cref="JsonValidationFailureKind.SizeLimitExceeded"/> or <see cref="JsonValidationFailureKind.WorkLimitExceeded"/> when it could not be checked.</returns>
    public JsonSchemaValidationResult Validate(ReadOnlyMemory<byte> utf8Json) =>
        Validate(utf8Json, CancellationToken.None);

    /// <summary>Parses and validates UTF-8 JSON, applying the size and depth limits.</summary>
    /// <param name="utf8Json">The instance bytes.</param>
    /// <param name="cancellationToken">Observed while validating.</param>
    /// <returns>The result; <see cref="JsonValidationFailureKind.InvalidJson"/> (also for an unpaired UTF-16 surrogate escape), <see cref="JsonValidationFailureKind.DepthLimitExceeded"/>, <see cref="JsonValidationFailureKind.SizeLimitExceeded"/> or <see cref="JsonValidationFailureKind.WorkLimitExceeded"/> when it could not be checked.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public JsonSchemaValidationResult Validate(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        if (utf8Json.Length > _options.MaxInstanceBytes)
        {
            return SizeExceeded();
        }

        if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span))
        {
            return new(JsonValidationFailureKind.InvalidJson, [new JsonSchemaValidationError(string.Empty, "#", "json", "the bytes are not valid UTF-8")]);
        }

        return ValidateUtf8(utf8Json, cancellationToken);
    }

    private JsonSchemaValidationResult ValidateUtf8(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = _options.MaxDepth });
        }
        catch (JsonException ex)
        {
            return ParseFailure(utf8.Span, ex);
        }

        using (document)
        {
            return JsonText.HasLoneSurrogateEscape(utf8.Span) ? LoneSurrogate() : Evaluate(document.RootElement, cancellationToken);
        }
    }

    /// <summary>Validates an instance already checked for depth and encoding: a first pass that stops at the first failure, then (only when invalid) a second that collects the errors, sharing one memo.</summary>
    private JsonSchemaValidationResult Evaluate(JsonElement instance, CancellationToken cancellationToken)
    {
        var context = new EvaluationContext(instance, _options.MaxErrors, _options.IncludeInstanceValues, _options.MaxWork, cancellationToken);
        try
        {
            if (_root.Evaluate(instance, context, null))
            {
                return JsonSchemaValidationResult.Valid;
            }

            context.Errors = [];
            _root.Evaluate(instance, context, null);
        }
        catch (ValidationAbortedException ex)
        {
            return new(JsonValidationFailureKind.WorkLimitExceeded, [new JsonSchemaValidationError(string.Empty, ex.KeywordPath, ex.Keyword, ex.Message)]);
        }

        if (context.Errors.Count == 0)
        {
            context.Errors.Add(new JsonSchemaValidationError(string.Empty, "#", "schema", "the value does not conform to the schema"));
        }

        return new JsonSchemaValidationResult(JsonValidationFailureKind.SchemaViolation, context.Errors);
    }

    private static JsonSchemaValidationResult LoneSurrogate() =>
        new(JsonValidationFailureKind.InvalidJson, [new JsonSchemaValidationError(string.Empty, "#", "json", "the text is not valid JSON: a string contains an unpaired UTF-16 surrogate")]);

    private JsonSchemaValidationResult DepthExceeded() =>
        new(JsonValidationFailureKind.DepthLimitExceeded, [new JsonSchemaValidationError(string.Empty, "#", "maxDepth", $"the instance nests deeper than the limit of {_options.MaxDepth} levels")]);

    private JsonSchemaValidationResult SizeExceeded() =>
        new(JsonValidationFailureKind.SizeLimitExceeded, [new JsonSchemaValidationError(string.Empty, "#", "maxBytes", $"the instance is larger than the limit of {_options.MaxInstanceBytes} bytes")]);

    private JsonSchemaValidationResult ParseFailure(ReadOnlySpan<byte> utf8, JsonException ex)
    {
        if (ExceedsDepth(utf8, _options.MaxDepth))
        {
            return DepthExceeded();
        }

        // The reader's own message can quote the offending character; report only its position.
        string where = ex.LineNumber is long line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
        return new(JsonValidationFailureKind.InvalidJson, [new JsonSchemaValidationError(string.Empty, "#", "json", $"the text is not valid JSON{where}")]);
    }

    private static bool ExceedsDepth(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= maxDepth)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }
}
