using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>One compiled (sub)schema: every keyword it declares; <see cref="Evaluate"/> memoizes, then hands each keyword family to its own evaluator (<see cref="ReferenceKeywords"/>, <see cref="TypeKeywords"/>, <see cref="NumericKeywords"/>, <see cref="StringKeywords"/>, <see cref="ArrayKeywords"/>, <see cref="ObjectKeywords"/>, <see cref="ApplicatorKeywords"/>, <see cref="UnevaluatedKeywords"/>).</summary>
/// <remarks>
/// Compiled once per schema and immutable afterwards, so one tree serves concurrent validations. Evaluation is
/// allocation-free on a valid instance unless the schema uses <c>unevaluated*</c>, string length/pattern keywords
/// (which read the string) or <c>propertyNames</c>.
/// </remarks>
internal sealed class SchemaNode
{

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

    /// <summary>Gets the span lookup into <see cref="Properties"/> (property names are matched without allocating strings).</summary>
    public Dictionary<string, SchemaNode>.AlternateLookup<ReadOnlySpan<char>> PropertyLookup { get; private set; }

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
        PropertyLookup = properties.GetAlternateLookup<ReadOnlySpan<char>>();
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

        if ((Ref is not null || DynamicRef is not null) && !ReferenceKeywords.Evaluate(this, instance, context, annotations))
        {
            valid = false;
            if (StopEarly(context))
            {
                return false;
            }
        }

        if ((Types != SchemaTypes.None || Const is not null || Enum is not null) && !TypeKeywords.Evaluate(this, instance, context))
        {
            valid = false;
            if (StopEarly(context))
            {
                return false;
            }
        }

        switch (instance.ValueKind)
        {
            case JsonValueKind.Number when Minimum is not null || Maximum is not null || ExclusiveMinimum is not null || ExclusiveMaximum is not null || MultipleOf is not null:
                valid &= NumericKeywords.Evaluate(this, instance, context);
                break;
            case JsonValueKind.String when MinLength is not null || MaxLength is not null || Pattern is not null:
                valid &= StringKeywords.Evaluate(this, instance, context);
                break;
            case JsonValueKind.Array when HasArrayKeywords:
                valid &= ArrayKeywords.Evaluate(this, instance, context, annotations);
                break;
            case JsonValueKind.Object when HasObjectKeywords:
                valid &= ObjectKeywords.Evaluate(this, instance, context, annotations);
                break;
        }

        if (!valid && StopEarly(context))
        {
            return false;
        }

        valid &= ApplicatorKeywords.Evaluate(this, instance, context, annotations);
        if (!valid && StopEarly(context))
        {
            return false;
        }

        if (instance.ValueKind == JsonValueKind.Object && UnevaluatedProperties is not null)
        {
            valid &= UnevaluatedKeywords.EvaluateProperties(this, instance, context, annotations!);
        }
        else if (instance.ValueKind == JsonValueKind.Array && UnevaluatedItems is not null)
        {
            valid &= UnevaluatedKeywords.EvaluateItems(this, instance, context, annotations!);
        }

        return valid;
    }

    /// <summary>Gets a value indicating whether a failed keyword ends the evaluation: when nobody collects errors, or enough were collected.</summary>
    internal static bool StopEarly(EvaluationContext context) => context.Errors is null || context.Full;



















    internal static string Truncate(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 120), "…");

    public override string ToString() => Location.Length == 0 ? "#" : Location;
}
