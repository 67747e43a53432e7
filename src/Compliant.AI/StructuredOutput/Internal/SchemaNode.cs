using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>One compiled (sub)schema: every keyword it declares, checked by <see cref="Evaluate"/>.</summary>
/// <remarks>
/// Compiled once per schema and immutable afterwards, so one tree serves concurrent validations. Evaluation is
/// allocation-free on a valid instance unless the schema uses <c>unevaluated*</c>, string length/pattern keywords
/// (which read the string) or <c>propertyNames</c>.
/// </remarks>
internal sealed class SchemaNode
{
    private Dictionary<string, SchemaNode>.AlternateLookup<ReadOnlySpan<char>> _propertyLookup;

    public SchemaNode(string location, SchemaResource resource)
    {
        Location = location;
        Resource = resource;
    }

    /// <summary>Gets the schema location of this node (<c>#/properties/a</c>), the prefix of every keyword path it reports.</summary>
    public string Location { get; }

    public SchemaResource Resource { get; }

    public bool IsResourceRoot { get; set; }

    public bool? BooleanSchema { get; set; }

    public SchemaNode? Ref { get; set; }

    public SchemaNode? DynamicRef { get; set; }

    public string? DynamicRefAnchor { get; set; }

    public SchemaTypes Types { get; set; }

    public string? TypesText { get; set; }

    public JsonElement? Const { get; set; }

    public JsonElement[]? Enum { get; set; }

    public string? EnumText { get; set; }

    public SchemaNumber? Minimum { get; set; }

    public SchemaNumber? Maximum { get; set; }

    public SchemaNumber? ExclusiveMinimum { get; set; }

    public SchemaNumber? ExclusiveMaximum { get; set; }

    public SchemaNumber? MultipleOf { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    public Regex? Pattern { get; set; }

    /// <summary>Gets or sets the pattern as written in the schema (the compiled one is translated to .NET syntax).</summary>
    public string? PatternText { get; set; }

    public SchemaNode[]? PrefixItems { get; set; }

    public SchemaNode? Items { get; set; }

    public SchemaNode? Contains { get; set; }

    public int? MinContains { get; set; }

    public int? MaxContains { get; set; }

    public int? MinItems { get; set; }

    public int? MaxItems { get; set; }

    public bool UniqueItems { get; set; }

    public SchemaNode? UnevaluatedItems { get; set; }

    public Dictionary<string, SchemaNode>? Properties { get; private set; }

    public (Regex Pattern, SchemaNode Schema)[]? PatternProperties { get; set; }

    public SchemaNode? AdditionalProperties { get; set; }

    public SchemaNode? PropertyNames { get; set; }

    public string[]? Required { get; set; }

    public int? MinProperties { get; set; }

    public int? MaxProperties { get; set; }

    public (string Property, string[] Required)[]? DependentRequired { get; set; }

    public (string Property, SchemaNode Schema)[]? DependentSchemas { get; set; }

    public SchemaNode? UnevaluatedProperties { get; set; }

    public SchemaNode[]? AllOf { get; set; }

    public SchemaNode[]? AnyOf { get; set; }

    public SchemaNode[]? OneOf { get; set; }

    public SchemaNode? Not { get; set; }

    public SchemaNode? If { get; set; }

    public SchemaNode? Then { get; set; }

    public SchemaNode? Else { get; set; }

    private bool HasObjectKeywords { get; set; }

    private bool HasArrayKeywords { get; set; }

    public void SetProperties(Dictionary<string, SchemaNode> properties)
    {
        Properties = properties;
        _propertyLookup = properties.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Caches which keyword families are present; called once after compilation.</summary>
    public void Seal()
    {
        HasObjectKeywords = Properties is not null || PatternProperties is not null || AdditionalProperties is not null
            || PropertyNames is not null || Required is not null || MinProperties is not null || MaxProperties is not null
            || DependentRequired is not null || DependentSchemas is not null || UnevaluatedProperties is not null;
        HasArrayKeywords = PrefixItems is not null || Items is not null || Contains is not null || MinItems is not null
            || MaxItems is not null || UniqueItems || UnevaluatedItems is not null;
    }

    /// <summary>Gets the index of this node in its compiled schema (part of the memoization key).</summary>
    public int Id { get; set; }

    /// <summary>Gets or sets a value indicating whether results are memoized: set on nodes reachable along more than one path (<c>$ref</c>/<c>$dynamicRef</c> targets).</summary>
    public bool Memoize { get; set; }

    /// <summary>Checks <paramref name="instance"/>; records errors in <paramref name="context"/> when it has a sink, and adds the locations it evaluated to <paramref name="annotations"/> when given.</summary>
    public bool Evaluate(JsonElement instance, EvaluationContext context, SchemaAnnotations? annotations)
    {
        if (BooleanSchema is bool b)
        {
            if (!b)
            {
                context.AddError(this, "false", "no value is allowed here (the schema is false)");
            }

            return b;
        }

        context.AddWork(1);
        if (++context.Depth > EvaluationContext.MaxEvaluationDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            context.Depth--;
            throw new ValidationAbortedException("maxEvaluationDepth", Location, "the schema and instance nest too deeply to evaluate");
        }

        DynamicScope? outerScope = context.Scope;
        try
        {
            if (!Memoize || !context.MemoActive)
            {
                if (IsResourceRoot)
                {
                    context.Scope = context.EnterResource(Resource);
                }

                return EvaluateFresh(instance, context, annotations);
            }

            return EvaluateMemoized(instance, context, annotations);
        }
        finally
        {
            context.Depth--;
            context.Scope = outerScope;
        }
    }

    private bool EvaluateMemoized(JsonElement instance, EvaluationContext context, SchemaAnnotations? annotations)
    {
        bool collecting = context.Errors is not null;
        if (context.TryGetMemo(this, instance, out MemoKey key, out MemoEntry entry))
        {
            if (!entry.Done)
            {
                // the same subschema at the same location in the same scope: the schema recurses without consuming the instance
                context.AddError(this, "$ref", "the schema refers back to itself without moving into the instance");
                return false;
            }

            bool reusable = !collecting || entry.Result || entry.ErrorsReported;
            if (reusable && (annotations is null || entry.Annotations is not null))
            {
                if (annotations is not null)
                {
                    annotations.Merge(entry.Annotations!);
                }

                return entry.Result;
            }
        }

        context.SetMemo(key, new MemoEntry(Done: false, Result: false, ErrorsReported: false, Annotations: null));
        if (IsResourceRoot)
        {
            context.Scope = context.EnterResource(Resource);
        }

        SchemaAnnotations? own = annotations is null && UnevaluatedProperties is null && UnevaluatedItems is null ? null : new SchemaAnnotations();
        bool result = EvaluateKeywords(instance, context, own);
        context.SetMemo(key, new MemoEntry(Done: true, result, ErrorsReported: collecting, annotations is null ? null : own));
        if (annotations is not null)
        {
            annotations.Merge(own!);
        }

        return result;
    }

    private bool EvaluateFresh(JsonElement instance, EvaluationContext context, SchemaAnnotations? annotations)
    {
        // A schema's unevaluated* keywords see only what its own keywords and subschemas evaluated, never what its
        // parent evaluated before it; a schema without them only adds to the caller's set, so it can write there directly.
        if (UnevaluatedProperties is null && UnevaluatedItems is null)
        {
            return EvaluateKeywords(instance, context, annotations);
        }

        var own = new SchemaAnnotations();
        bool result = EvaluateKeywords(instance, context, own);
        annotations?.Merge(own);
        return result;
    }

    private bool EvaluateKeywords(JsonElement instance, EvaluationContext context, SchemaAnnotations? annotations)
    {
        bool valid = true;

        if (Ref is not null && !Ref.Evaluate(instance, context, annotations))
        {
            valid = false;
            if (StopEarly(context))
            {
                return false;
            }
        }

        if (DynamicRef is not null && !ResolveDynamicRef(context).Evaluate(instance, context, annotations))
        {
            valid = false;
            if (StopEarly(context))
            {
                return false;
            }
        }

        if (Types != SchemaTypes.None && !MatchesType(instance))
        {
            valid = false;
            context.AddError(this, "type", $"expected {TypesText} but found {KindName(instance)}");
            if (StopEarly(context))
            {
                return false;
            }
        }

        if (Const is JsonElement constant && !JsonElement.DeepEquals(instance, constant))
        {
            valid = false;
            context.AddError(this, "const", $"must equal the constant {Truncate(constant.GetRawText())}", instance);
            if (StopEarly(context))
            {
                return false;
            }
        }

        if (Enum is not null && !InEnum(instance))
        {
            valid = false;
            context.AddError(this, "enum", $"must be one of {EnumText}", instance);
            if (StopEarly(context))
            {
                return false;
            }
        }

        switch (instance.ValueKind)
        {
            case JsonValueKind.Number when Minimum is not null || Maximum is not null || ExclusiveMinimum is not null || ExclusiveMaximum is not null || MultipleOf is not null:
                valid &= EvaluateNumber(instance, context);
                break;
            case JsonValueKind.String when MinLength is not null || MaxLength is not null || Pattern is not null:
                valid &= EvaluateString(instance, context);
                break;
            case JsonValueKind.Array when HasArrayKeywords:
                valid &= EvaluateArray(instance, context, annotations);
                break;
            case JsonValueKind.Object when HasObjectKeywords:
                valid &= EvaluateObject(instance, context, annotations);
                break;
        }

        if (!valid && StopEarly(context))
        {
            return false;
        }

        valid &= EvaluateApplicators(instance, context, annotations);
        if (!valid && StopEarly(context))
        {
            return false;
        }

        if (instance.ValueKind == JsonValueKind.Object && UnevaluatedProperties is not null)
        {
            valid &= EvaluateUnevaluatedProperties(instance, context, annotations!);
        }
        else if (instance.ValueKind == JsonValueKind.Array && UnevaluatedItems is not null)
        {
            valid &= EvaluateUnevaluatedItems(instance, context, annotations!);
        }

        return valid;
    }

    private static bool StopEarly(EvaluationContext context) => context.Errors is null || context.Full;

    private SchemaNode ResolveDynamicRef(EvaluationContext context) =>
        DynamicRefAnchor is not null && context.Scope is { } scope && scope.TryResolve(DynamicRefAnchor, out SchemaNode node) ? node : DynamicRef!;

    private bool MatchesType(JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.Null => (Types & SchemaTypes.Null) != 0,
        JsonValueKind.True or JsonValueKind.False => (Types & SchemaTypes.Boolean) != 0,
        JsonValueKind.Object => (Types & SchemaTypes.Object) != 0,
        JsonValueKind.Array => (Types & SchemaTypes.Array) != 0,
        JsonValueKind.String => (Types & SchemaTypes.String) != 0,
        JsonValueKind.Number => (Types & SchemaTypes.Number) != 0
            || ((Types & SchemaTypes.Integer) != 0 && SchemaNumber.IsInteger(instance)),
        _ => false,
    };

    internal static string KindName(JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => SchemaNumber.IsInteger(instance) ? "integer" : "number",
        _ => "nothing",
    };

    private bool InEnum(JsonElement instance)
    {
        foreach (JsonElement candidate in Enum!)
        {
            if (candidate.ValueKind == instance.ValueKind || (IsBool(candidate) && IsBool(instance)))
            {
                if (JsonElement.DeepEquals(instance, candidate))
                {
                    return true;
                }
            }
        }

        return false;

        static bool IsBool(JsonElement e) => e.ValueKind is JsonValueKind.True or JsonValueKind.False;
    }

    private bool EvaluateNumber(JsonElement instance, EvaluationContext context)
    {
        SchemaNumber value = SchemaNumber.From(instance);
        bool valid = true;
        if (Minimum is SchemaNumber min && min.CompareInstance(value) < 0)
        {
            valid = false;
            context.AddError(this, "minimum", $"must be greater than or equal to {min}", instance);
        }

        if (Maximum is SchemaNumber max && max.CompareInstance(value) > 0)
        {
            valid = false;
            context.AddError(this, "maximum", $"must be less than or equal to {max}", instance);
        }

        if (ExclusiveMinimum is SchemaNumber xmin && xmin.CompareInstance(value) <= 0)
        {
            valid = false;
            context.AddError(this, "exclusiveMinimum", $"must be greater than {xmin}", instance);
        }

        if (ExclusiveMaximum is SchemaNumber xmax && xmax.CompareInstance(value) >= 0)
        {
            valid = false;
            context.AddError(this, "exclusiveMaximum", $"must be less than {xmax}", instance);
        }

        if (MultipleOf is SchemaNumber divisor && !divisor.DividesInstance(value))
        {
            valid = false;
            context.AddError(this, "multipleOf", $"must be a multiple of {divisor}", instance);
        }

        return valid;
    }

    private bool EvaluateString(JsonElement instance, EvaluationContext context)
    {
        // Read the raw UTF-8 when the string has no escapes: no string allocation for length checks or short patterns.
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(instance);
        if (raw.Length >= 2 && raw[0] == (byte)'"')
        {
            raw = raw[1..^1];
        }

        if (raw.IndexOf((byte)'\\') >= 0 || raw.Length > 1024)
        {
            return EvaluateString(instance.GetString()!, instance, context);
        }

        Span<char> buffer = stackalloc char[raw.Length];
        int written = Encoding.UTF8.GetChars(raw, buffer);
        return EvaluateString(buffer[..written], instance, context);
    }

    private bool EvaluateString(ReadOnlySpan<char> text, JsonElement instance, EvaluationContext context)
    {
        bool valid = true;
        if (MinLength is not null || MaxLength is not null)
        {
            int length = CountCodePoints(text);
            if (MinLength is int minLength && length < minLength)
            {
                valid = false;
                context.AddError(this, "minLength", $"must be at least {minLength} characters long", instance);
            }

            if (MaxLength is int maxLength && length > maxLength)
            {
                valid = false;
                context.AddError(this, "maxLength", $"must be at most {maxLength} characters long", instance);
            }
        }

        if (Pattern is not null && !IsMatch(Pattern, text, "pattern", context))
        {
            valid = false;
            context.AddError(this, "pattern", $"must match the pattern {Truncate(PatternText!)}", instance);
        }

        return valid;
    }

    /// <summary>Matches a schema regular expression; a match that times out ends the validation (a pathological pattern is a typed failure, never a hang).</summary>
    private bool IsMatch(Regex regex, ReadOnlySpan<char> text, string keyword, EvaluationContext context)
    {
        context.AddWork(1 + (text.Length / 64));
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ValidationAbortedException(keyword, Location + "/" + keyword, $"the '{keyword}' match took longer than its time limit");
        }
    }

    /// <summary>Counts Unicode code points (a surrogate pair counts once), as JSON Schema defines string length.</summary>
    internal static int CountCodePoints(ReadOnlySpan<char> text)
    {
        int count = text.Length;
        for (int i = 0; i < text.Length - 1; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }

    private bool EvaluateArray(JsonElement instance, EvaluationContext context, SchemaAnnotations? annotations)
    {
        bool valid = true;
        int length = instance.GetArrayLength();
        if (MinItems is int minItems && length < minItems)
        {
            valid = false;
            context.AddError(this, "minItems", $"must have at least {minItems} items");
        }

        if (MaxItems is int maxItems && length > maxItems)
        {
            valid = false;
            context.AddError(this, "maxItems", $"must have at most {maxItems} items");
        }

        if (!valid && StopEarly(context))
        {
            return false;
        }

        int prefix = PrefixItems?.Length ?? 0;
        int matches = 0;
        int index = 0;
        foreach (JsonElement item in instance.EnumerateArray())
        {
            context.AddWork(1);
            SchemaNode? schema = index < prefix ? PrefixItems![index] : Items;
            if (schema is not null)
            {
                context.Push(index);
                bool ok = schema.Evaluate(item, context, null);
                context.Pop();
                if (!ok)
                {
                    valid = false;
                    if (StopEarly(context))
                    {
                        return false;
                    }
                }
            }

            if (Contains is not null)
            {
                List<JsonSchemaValidationError>? errors = context.Errors;
                context.Errors = null;
                bool ok;
                try
                {
                    ok = Contains.Evaluate(item, context, null);
                }
                finally
                {
                    context.Errors = errors;
                }

                if (ok)
                {
                    matches++;
                    annotations?.AddItem(index);
                }
            }

            index++;
        }

        if (annotations is not null)
        {
            annotations.ItemPrefix = Math.Max(annotations.ItemPrefix, Math.Min(prefix, length));
            if (Items is not null)
            {
                annotations.AllItems = true;
            }
        }

        if (Contains is not null)
        {
            int min = MinContains ?? 1;
            if (matches < min)
            {
                valid = false;
                context.AddError(this, MinContains is null ? "contains" : "minContains", min == 1 ? "must contain at least one item matching the 'contains' schema" : $"must contain at least {min} items matching the 'contains' schema");
            }

            if (MaxContains is int max && matches > max)
            {
                valid = false;
                context.AddError(this, "maxContains", $"must contain at most {max} items matching the 'contains' schema");
            }
        }

        if (UniqueItems && length > 1 && !JsonEquality.AreUnique(instance, context))
        {
            valid = false;
            context.AddError(this, "uniqueItems", "must not contain duplicate items");
        }

        return valid;
    }

    private bool EvaluateObject(JsonElement instance, EvaluationContext context, SchemaAnnotations? annotations)
    {
        bool valid = true;
        int count = 0;
        char[]? rented = null;
        Span<char> buffer = stackalloc char[128];
        try
        {
            foreach (JsonProperty property in instance.EnumerateObject())
            {
                int ordinal = count++;
                context.AddWork(1);
                if (Properties is null && PatternProperties is null && AdditionalProperties is null && PropertyNames is null)
                {
                    continue;
                }

                ReadOnlySpan<char> name = PropertyName(property, ref buffer, ref rented, out string? materialized);
                bool matched = false;
                if (Properties is not null && _propertyLookup.TryGetValue(name, out SchemaNode? schema))
                {
                    matched = true;
                    if (!EvaluateChild(schema, property, ordinal, declared: true, context))
                    {
                        valid = false;
                        if (StopEarly(context))
                        {
                            return false;
                        }
                    }
                }

                if (PatternProperties is not null)
                {
                    foreach ((Regex pattern, SchemaNode patternSchema) in PatternProperties)
                    {
                        if (IsMatch(pattern, name, "patternProperties", context))
                        {
                            matched = true;
                            if (!EvaluateChild(patternSchema, property, ordinal, declared: false, context))
                            {
                                valid = false;
                                if (StopEarly(context))
                                {
                                    return false;
                                }
                            }
                        }
                    }
                }

                if (!matched && AdditionalProperties is not null)
                {
                    matched = true;
                    if (!EvaluateDisallowable(AdditionalProperties, "additionalProperties", property, ordinal, context))
                    {
                        valid = false;
                        if (StopEarly(context))
                        {
                            return false;
                        }
                    }
                }

                if (matched && annotations is not null)
                {
                    annotations.AddProperty(materialized ?? name.ToString());
                }

                if (PropertyNames is not null && !EvaluatePropertyName(name, context))
                {
                    valid = false;
                    if (StopEarly(context))
                    {
                        return false;
                    }
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }

        if (Required is not null)
        {
            foreach (string required in Required)
            {
                if (!instance.TryGetProperty(required, out _))
                {
                    valid = false;
                    context.AddError(this, "required", $"the required property '{required}' is missing");
                    if (StopEarly(context))
                    {
                        return false;
                    }
                }
            }
        }

        if (MinProperties is int minProperties && count < minProperties)
        {
            valid = false;
            context.AddError(this, "minProperties", $"must have at least {minProperties} properties");
        }

        if (MaxProperties is int maxProperties && count > maxProperties)
        {
            valid = false;
            context.AddError(this, "maxProperties", $"must have at most {maxProperties} properties");
        }

        if (DependentRequired is not null)
        {
            foreach ((string property, string[] requiredNames) in DependentRequired)
            {
                if (instance.TryGetProperty(property, out _))
                {
                    foreach (string required in requiredNames)
                    {
                        if (!instance.TryGetProperty(required, out _))
                        {
                            valid = false;
                            context.AddError(this, "dependentRequired", $"the property '{required}' is required when '{property}' is present");
                        }
                    }
                }
            }
        }

        if (DependentSchemas is not null)
        {
            foreach ((string property, SchemaNode schema) in DependentSchemas)
            {
                if (instance.TryGetProperty(property, out _) && !schema.Evaluate(instance, context, annotations))
                {
                    valid = false;
                    if (StopEarly(context))
                    {
                        return false;
                    }
                }
            }
        }

        return valid;
    }

    /// <summary>Evaluates a property against <c>additionalProperties</c>/<c>unevaluatedProperties</c>, naming the keyword when it is <see langword="false"/>.</summary>
    private bool EvaluateDisallowable(SchemaNode schema, string keyword, JsonProperty property, int ordinal, EvaluationContext context)
    {
        if (schema.BooleanSchema == false)
        {
            context.PushUndeclared(property, ordinal);
            context.AddError(this, keyword, "this property is not allowed");
            context.Pop();
            return false;
        }

        return EvaluateChild(schema, property, ordinal, declared: false, context);
    }

    private static bool EvaluateChild(SchemaNode schema, JsonProperty property, int ordinal, bool declared, EvaluationContext context)
    {
        if (declared)
        {
            context.PushDeclared(property);
        }
        else
        {
            context.PushUndeclared(property, ordinal);
        }

        bool ok = schema.Evaluate(property.Value, context, null);
        context.Pop();
        return ok;
    }

    private bool EvaluatePropertyName(ReadOnlySpan<char> name, EvaluationContext context)
    {
        var output = new ArrayBufferWriter<byte>(name.Length + 8);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStringValue(name);
        }

        using JsonDocument document = JsonDocument.Parse(output.WrittenMemory);
        List<JsonSchemaValidationError>? errors = context.Errors;
        context.Errors = null;
        context.SuspendMemo();
        bool ok;
        try
        {
            ok = PropertyNames!.Evaluate(document.RootElement, context, null);
        }
        finally
        {
            context.ResumeMemo();
            context.Errors = errors;
        }

        if (!ok)
        {
            context.AddError(this, "propertyNames", "a property name does not match the 'propertyNames' schema");
        }

        return ok;
    }

    private static ReadOnlySpan<char> PropertyName(JsonProperty property, ref Span<char> buffer, ref char[]? rented, out string? materialized)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.IndexOf((byte)'\\') >= 0)
        {
            materialized = property.Name;
            return materialized;
        }

        materialized = null;
        if (raw.Length > buffer.Length)
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }

            rented = ArrayPool<char>.Shared.Rent(raw.Length);
            buffer = rented;
        }

        int written = Encoding.UTF8.GetChars(raw, buffer);
        return buffer[..written];
    }

    private bool EvaluateApplicators(JsonElement instance, EvaluationContext context, SchemaAnnotations? annotations)
    {
        bool valid = true;
        if (AllOf is not null)
        {
            foreach (SchemaNode schema in AllOf)
            {
                if (!schema.Evaluate(instance, context, annotations))
                {
                    valid = false;
                    if (StopEarly(context))
                    {
                        return false;
                    }
                }
            }
        }

        if (AnyOf is not null)
        {
            List<JsonSchemaValidationError>? errors = context.Errors;
            context.Errors = null;
            bool any = false;
            foreach (SchemaNode schema in AnyOf)
            {
                SchemaAnnotations? branch = annotations is null ? null : new SchemaAnnotations();
                if (schema.Evaluate(instance, context, branch))
                {
                    any = true;
                    if (annotations is null)
                    {
                        break;
                    }

                    annotations.Merge(branch!);
                }
            }

            context.Errors = errors;
            if (!any)
            {
                valid = false;
                context.AddError(this, "anyOf", $"must match at least one of the {AnyOf.Length} alternatives in 'anyOf'");
                if (StopEarly(context))
                {
                    return false;
                }
            }
        }

        if (OneOf is not null)
        {
            List<JsonSchemaValidationError>? errors = context.Errors;
            context.Errors = null;
            int passed = 0;
            SchemaAnnotations? passing = null;
            foreach (SchemaNode schema in OneOf)
            {
                SchemaAnnotations? branch = annotations is null ? null : new SchemaAnnotations();
                if (schema.Evaluate(instance, context, branch))
                {
                    passing = branch;
                    if (++passed > 1)
                    {
                        break;
                    }
                }
            }

            context.Errors = errors;
            if (passed != 1)
            {
                valid = false;
                context.AddError(this, "oneOf", passed == 0
                    ? $"must match exactly one of the {OneOf.Length} alternatives in 'oneOf', but matches none"
                    : $"must match exactly one of the {OneOf.Length} alternatives in 'oneOf', but matches more than one");
                if (StopEarly(context))
                {
                    return false;
                }
            }
            else if (passing is not null)
            {
                annotations!.Merge(passing);
            }
        }

        if (Not is not null)
        {
            List<JsonSchemaValidationError>? errors = context.Errors;
            context.Errors = null;
            bool matched = Not.Evaluate(instance, context, null);
            context.Errors = errors;
            if (matched)
            {
                valid = false;
                context.AddError(this, "not", "must not match the schema in 'not'");
                if (StopEarly(context))
                {
                    return false;
                }
            }
        }

        if (If is not null && (Then is not null || Else is not null || annotations is not null))
        {
            List<JsonSchemaValidationError>? errors = context.Errors;
            context.Errors = null;
            SchemaAnnotations? conditionAnnotations = annotations is null ? null : new SchemaAnnotations();
            bool condition = If.Evaluate(instance, context, conditionAnnotations);
            context.Errors = errors;
            if (condition)
            {
                if (conditionAnnotations is not null)
                {
                    annotations!.Merge(conditionAnnotations);
                }

                if (Then is not null && !Then.Evaluate(instance, context, annotations))
                {
                    valid = false;
                }
            }
            else if (Else is not null && !Else.Evaluate(instance, context, annotations))
            {
                valid = false;
            }
        }

        return valid;
    }

    private bool EvaluateUnevaluatedProperties(JsonElement instance, EvaluationContext context, SchemaAnnotations annotations)
    {
        bool valid = true;
        int ordinal = -1;
        foreach (JsonProperty property in instance.EnumerateObject())
        {
            ordinal++;
            context.AddWork(1);
            if (annotations.HasProperty(property.Name))
            {
                continue;
            }

            if (!EvaluateDisallowable(UnevaluatedProperties!, "unevaluatedProperties", property, ordinal, context))
            {
                valid = false;
                if (StopEarly(context))
                {
                    return false;
                }
            }
        }

        annotations.AllProperties = true;
        return valid;
    }

    private bool EvaluateUnevaluatedItems(JsonElement instance, EvaluationContext context, SchemaAnnotations annotations)
    {
        bool valid = true;
        int index = 0;
        foreach (JsonElement item in instance.EnumerateArray())
        {
            if (!annotations.HasItem(index))
            {
                context.Push(index);
                bool ok = UnevaluatedItems!.Evaluate(item, context, null);
                context.Pop();
                if (!ok)
                {
                    valid = false;
                    if (StopEarly(context))
                    {
                        return false;
                    }
                }
            }

            index++;
        }

        annotations.AllItems = true;
        return valid;
    }

    internal static string Truncate(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 120), "…");

    public override string ToString() => Location.Length == 0 ? "#" : Location;
}
