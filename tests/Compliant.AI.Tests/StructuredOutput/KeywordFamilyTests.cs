using System.Text.Json;
using Compliant.AI.StructuredOutput.Internal;

namespace Compliant.AI.Tests.StructuredOutput;

/// <summary>Each keyword-family evaluator of the engine, called alone on a compiled node (the validator's end-to-end behaviour is pinned by <see cref="JsonSchemaValidatorTests"/> and the suite).</summary>
public sealed class KeywordFamilyTests
{
    private static SchemaNode Compile(string schema) =>
        new SchemaCompiler(new JsonSchemaValidatorOptions()).Compile(JsonDocument.Parse(schema).RootElement);

    private static (bool Valid, List<JsonSchemaValidationError> Errors) Run(JsonElement instance, Func<EvaluationContext, bool> evaluate)
    {
        var context = new EvaluationContext(instance, maxErrors: 100, includeValues: false, maxWork: 1_000_000, CancellationToken.None) { Errors = [] };
        bool valid = evaluate(context);
        return (valid, context.Errors!);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void TypeKeywords_Evaluate_StopsAtFirstFailureUnlessCollecting()
    {
        SchemaNode node = Compile("""{"type":"string","const":"x","enum":["x"]}""");
        JsonElement instance = Json("1");

        var quiet = new EvaluationContext(instance, 100, includeValues: false, 1_000_000, CancellationToken.None);
        Assert.False(TypeKeywords.Evaluate(node, instance, quiet));

        (bool valid, List<JsonSchemaValidationError> errors) = Run(instance, c => TypeKeywords.Evaluate(node, instance, c));
        Assert.False(valid);
        Assert.Equal(["type", "const", "enum"], errors.Select(e => e.Keyword));
        Assert.Equal("integer", TypeKeywords.KindName(instance));
        Assert.True(TypeKeywords.MatchesType(Compile("""{"type":"number"}"""), instance));
    }

    [Fact]
    public void NumericKeywords_Evaluate_ReportsEveryBoundWithoutTheValue()
    {
        SchemaNode node = Compile("""{"minimum":600000000,"exclusiveMaximum":1,"multipleOf":2}""");
        JsonElement instance = Json("536221847");

        (bool valid, List<JsonSchemaValidationError> errors) = Run(instance, c => NumericKeywords.Evaluate(node, instance, c));

        Assert.False(valid);
        Assert.Equal(["minimum", "exclusiveMaximum", "multipleOf"], errors.Select(e => e.Keyword));
        Assert.All(errors, e => Assert.DoesNotContain("536221847", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void StringKeywords_Evaluate_CountsCodePointsAndMatchesPattern()
    {
        SchemaNode node = Compile("""{"maxLength":2,"pattern":"^a"}""");
        JsonElement ok = Json("\"a\\ud83d\\ude00\"");
        JsonElement bad = Json("\"bcd\"");

        Assert.True(Run(ok, c => StringKeywords.Evaluate(node, ok, c)).Valid);
        Assert.Equal(["maxLength", "pattern"], Run(bad, c => StringKeywords.Evaluate(node, bad, c)).Errors.Select(e => e.Keyword));
        Assert.Equal(2, StringKeywords.CountCodePoints("a\ud83d\ude00"));
    }

    [Fact]
    public void ArrayKeywords_Evaluate_ChecksCountsContainsAndUniqueness()
    {
        SchemaNode node = Compile("""{"minItems":4,"contains":{"const":9},"uniqueItems":true}""");
        JsonElement instance = Json("[1,1.0,2]");

        (bool valid, List<JsonSchemaValidationError> errors) = Run(instance, c => ArrayKeywords.Evaluate(node, instance, c, null));

        Assert.False(valid);
        Assert.Contains(errors, e => e.Keyword == "minItems");
    }

    [Fact]
    public void ObjectKeywords_Evaluate_NamesUndeclaredPropertiesByPosition()
    {
        SchemaNode node = Compile("""{"properties":{"a":{"type":"integer"}},"required":["a","b"],"additionalProperties":false}""");
        JsonElement instance = Json("""{"a":"x","maria.okafor@example.com":1}""");

        (bool valid, List<JsonSchemaValidationError> errors) = Run(instance, c => ObjectKeywords.Evaluate(node, instance, c, null));

        Assert.False(valid);
        Assert.Equal(["/a", "/*2", ""], errors.Select(e => e.InstancePath));
        Assert.DoesNotContain(errors, e => e.ToString().Contains("maria", StringComparison.Ordinal));
    }

    [Fact]
    public void ApplicatorKeywords_Evaluate_OneOfFailsWhenTwoMatch()
    {
        SchemaNode node = Compile("""{"oneOf":[{"type":"integer"},{"minimum":0}],"not":{"const":5}}""");
        JsonElement instance = Json("5");

        (bool valid, List<JsonSchemaValidationError> errors) = Run(instance, c => ApplicatorKeywords.Evaluate(node, instance, c, null));

        Assert.False(valid);
        Assert.Equal(["oneOf", "not"], errors.Select(e => e.Keyword));
    }

    [Fact]
    public void ReferenceKeywords_Evaluate_FollowsTheCompiledTarget()
    {
        SchemaNode node = Compile("""{"$defs":{"n":{"type":"string"}},"$ref":"#/$defs/n"}""");
        JsonElement instance = Json("1");

        (bool valid, List<JsonSchemaValidationError> errors) = Run(instance, c => ReferenceKeywords.Evaluate(node, instance, c, null));

        Assert.False(valid);
        Assert.Equal("#/$defs/n/type", Assert.Single(errors).KeywordPath);
    }

    [Fact]
    public void UnevaluatedKeywords_EvaluateProperties_SkipsWhatWasEvaluated()
    {
        SchemaNode node = Compile("""{"properties":{"a":true},"unevaluatedProperties":false}""");
        JsonElement instance = Json("""{"a":1,"b":2}""");
        var annotations = new SchemaAnnotations();
        annotations.AddProperty("a");

        (bool valid, List<JsonSchemaValidationError> errors) = Run(instance, c => UnevaluatedKeywords.EvaluateProperties(node, instance, c, annotations));

        Assert.False(valid);
        Assert.Equal("/*2", Assert.Single(errors).InstancePath);
    }
}
