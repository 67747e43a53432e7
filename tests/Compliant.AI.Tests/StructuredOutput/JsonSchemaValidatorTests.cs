using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compliant.AI.Tests.StructuredOutput;

public sealed class JsonSchemaValidatorTests
{
    private static JsonSchemaValidationResult Check(string schema, string instance, JsonSchemaValidatorOptions? options = null) =>
        JsonSchemaValidator.Compile(schema, options).Validate(instance);

    [Theory]
    [InlineData("😀😀", 2, true)]     // two code points, four UTF-16 units
    [InlineData("😀😀😀", 2, false)]
    [InlineData("é", 1, true)]         // precomposed: one code point
    public void Validate_MaxLength_CountsCodePointsNotUtf16Units(string text, int max, bool valid) =>
        Assert.Equal(valid, Check($$"""{"maxLength":{{max}}}""", JsonSerializer.Serialize(text)).IsValid);

    [Fact]
    public void Validate_MinLength_SurrogatePairCountsOnce() =>
        Assert.False(Check("""{"minLength":2}""", "\"😀\"").IsValid);

    [Theory]
    [InlineData("[1, 1.0]")]
    [InlineData("[1, 1e0]")]
    [InlineData("[{\"a\":1,\"b\":2}, {\"b\":2.0,\"a\":1}]")]
    [InlineData("[[1], [1.00]]")]
    public void Validate_UniqueItems_UsesJsonEquality(string instance) =>
        Assert.False(Check("""{"uniqueItems":true}""", instance).IsValid);

    [Theory]
    [InlineData("[1, true]")]
    [InlineData("[0, false]")]
    [InlineData("[\"1\", 1]")]
    public void Validate_UniqueItems_DistinguishesTypes(string instance) =>
        Assert.True(Check("""{"uniqueItems":true}""", instance).IsValid);

    [Theory]
    [InlineData("1.0", true)]
    [InlineData("1", true)]
    [InlineData("true", false)]
    public void Validate_EnumAndConst_CompareNumbersByValue(string instance, bool valid)
    {
        Assert.Equal(valid, Check("""{"enum":[1]}""", instance).IsValid);
        Assert.Equal(valid, Check("""{"const":1.0}""", instance).IsValid);
    }

    [Theory]
    [InlineData("12345678901234567890123456789012345678901234567890", true)]
    [InlineData("1e400", true)]
    [InlineData("1.5e1", true)]
    [InlineData("1.55e1", false)]
    [InlineData("2.0", true)]
    public void Validate_Integer_HandlesBigAndExponentNumbers(string instance, bool valid) =>
        Assert.Equal(valid, Check("""{"type":"integer"}""", instance).IsValid);

    [Fact]
    public void Validate_BigIntegerAgainstMaximum_IsExactEnough()
    {
        Assert.False(Check("""{"maximum":18446744073709551615}""", "18446744073709551616").IsValid);
        Assert.True(Check("""{"maximum":18446744073709551615}""", "18446744073709551615").IsValid);
    }

    [Fact]
    public void Validate_MultipleOfDecimal_IsExact()
    {
        Assert.True(Check("""{"multipleOf":0.01}""", "19.99").IsValid);
        Assert.False(Check("""{"multipleOf":0.01}""", "19.999").IsValid);
    }

    [Fact]
    public void Validate_Errors_CarryPathsAndKeywordsButNeverValues()
    {
        const string Schema = """
            {"type":"object","properties":{"patients":{"type":"array","items":{"type":"object",
             "properties":{"name":{"type":"string","maxLength":3},"ssn":{"type":"string","pattern":"^[0-9]{3}-[0-9]{2}-[0-9]{4}$"}},
             "additionalProperties":false}}}}
            """;
        JsonSchemaValidationResult result = Check(Schema, """{"patients":[{"name":"Jane Roe","ssn":"123456789","dob":"1970-01-01"}]}""");

        Assert.Equal(JsonValidationFailureKind.SchemaViolation, result.Failure);
        Assert.Equal(
            [("/patients/0/name", "maxLength", "#/properties/patients/items/properties/name/maxLength"),
             ("/patients/0/ssn", "pattern", "#/properties/patients/items/properties/ssn/pattern"),
             ("/patients/0/*3", "additionalProperties", "#/properties/patients/items/additionalProperties")],
            result.Errors.Select(e => (e.InstancePath, e.Keyword, e.KeywordPath)));
        string all = string.Join("\n", result.Errors.Select(e => e.ToString()));
        Assert.DoesNotContain("Jane", all, StringComparison.Ordinal);
        Assert.DoesNotContain("123456789", all, StringComparison.Ordinal);
        Assert.DoesNotContain("1970", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IncludeInstanceValues_QuotesValuesOnlyWhenAllowed()
    {
        JsonSchemaValidationResult result = Check("""{"maxLength":3}""", "\"Jane Roe\"", new JsonSchemaValidatorOptions { IncludeInstanceValues = true });
        Assert.Contains("Jane Roe", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PointerEscapesPropertyNames()
    {
        JsonSchemaValidationResult declared = Check("""{"properties":{"a/b~c":{"type":"string"}}}""", """{"a/b~c":1}""");
        Assert.Equal("/a~1b~0c", Assert.Single(declared.Errors).InstancePath);
        JsonSchemaValidationResult allowed = Check("""{"additionalProperties":false}""", """{"a/b~c":1}""", new JsonSchemaValidatorOptions { IncludeInstanceValues = true });
        Assert.Equal("/a~1b~0c", Assert.Single(allowed.Errors).InstancePath);
    }

    [Theory]
    [InlineData("{\"type\":\"strnig\"}", "#/type")]
    [InlineData("{\"minLength\":-1}", "#/minLength")]
    [InlineData("{\"pattern\":\"([a-z\"}", "#/pattern")]
    [InlineData("{\"properties\":{\"a\":3}}", "#/properties/a")]
    [InlineData("{\"$ref\":\"#/$defs/missing\"}", "#/$ref")]
    [InlineData("{\"$ref\":\"https://example.com/remote.json\"}", "#/$ref")]
    [InlineData("{\"multipleOf\":0}", "#/multipleOf")]
    [InlineData("{\"required\":[1]}", "#/required")]
    public void Compile_InvalidSchema_ThrowsJsonSchemaExceptionWithPath(string schema, string path)
    {
        var ex = Assert.Throws<JsonSchemaException>(() => JsonSchemaValidator.Compile(schema));
        Assert.Equal(path, ex.SchemaPath);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"a\":")]
    [InlineData("")]
    public void Compile_SchemaNotJson_ThrowsJsonSchemaException(string schema) =>
        Assert.Throws<JsonSchemaException>(() => JsonSchemaValidator.Compile(schema));

    [Fact]
    public void Compile_RemoteRefFromRegistry_Resolves()
    {
        var options = new JsonSchemaValidatorOptions();
        options.RemoteSchemas["https://schemas.example/code.json"] = """{"type":"string","pattern":"^[A-Z]{3}$"}""";
        JsonSchemaValidator validator = JsonSchemaValidator.Compile("""{"properties":{"code":{"$ref":"https://schemas.example/code.json"}}}""", options);
        Assert.True(validator.Validate("""{"code":"ABC"}""").IsValid);
        Assert.Equal("/code", Assert.Single(validator.Validate("""{"code":"abc"}""").Errors).InstancePath);
    }

    [Fact]
    public void Validate_RecursiveSchema_ValidatesTrees()
    {
        JsonSchemaValidator validator = JsonSchemaValidator.Compile("""
            {"$defs":{"node":{"type":"object","properties":{"value":{"type":"integer"},"children":{"type":"array","items":{"$ref":"#/$defs/node"}}},"required":["value"]}},
             "$ref":"#/$defs/node"}
            """);
        Assert.True(validator.Validate("""{"value":1,"children":[{"value":2,"children":[{"value":3}]}]}""").IsValid);
        Assert.Equal("/children/0/children/0/value", Assert.Single(validator.Validate("""{"value":1,"children":[{"value":2,"children":[{"value":"x"}]}]}""").Errors).InstancePath);
    }

    [Fact]
    public void Validate_InfinitelyRecursiveSchema_FailsInsteadOfOverflowing()
    {
        JsonSchemaValidationResult result = Check("""{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}""", "1");
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Validate_TooDeep_ReturnsDepthLimitExceeded()
    {
        JsonSchemaValidationResult result = Check("{}", new string('[', 65) + new string(']', 65));
        Assert.Equal(JsonValidationFailureKind.DepthLimitExceeded, result.Failure);
        Assert.Equal("maxDepth", result.Errors[0].Keyword);
        Assert.True(Check("{}", new string('[', 64) + new string(']', 64)).IsValid);
    }

    [Fact]
    public void Validate_TooLarge_ReturnsSizeLimitExceededWithoutParsing()
    {
        var options = new JsonSchemaValidatorOptions { MaxInstanceBytes = 10 };
        Assert.Equal(JsonValidationFailureKind.SizeLimitExceeded, Check("{}", "\"" + new string('x', 20) + "\"", options).Failure);
        Assert.Equal(JsonValidationFailureKind.SizeLimitExceeded, Check("{}", "\"ééééé\"", options).Failure); // 12 UTF-8 bytes, 7 chars
    }

    [Theory]
    [InlineData("{\"a\":1,}")]
    [InlineData("{'a':1}")]
    [InlineData("[1,2")]
    [InlineData("Here is your JSON: {}")]
    [InlineData("")]
    public void Validate_NotJson_ReturnsInvalidJsonWithoutQuotingTheText(string text)
    {
        JsonSchemaValidationResult result = Check("{}", text);
        Assert.Equal(JsonValidationFailureKind.InvalidJson, result.Failure);
        Assert.Equal("json", result.Errors[0].Keyword);
        Assert.DoesNotContain("Here", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonUtf8Bytes_ReturnsInvalidJson()
    {
        byte[] bytes = [0x22, 0xC3, 0x28, 0x22]; // a string with an invalid UTF-8 sequence
        Assert.Equal(JsonValidationFailureKind.InvalidJson, JsonSchemaValidator.Compile("{}").Validate(bytes).Failure);
    }

    [Fact]
    public void Validate_CatastrophicPattern_TimesOutAsAFailure()
    {
        var options = new JsonSchemaValidatorOptions { RegexTimeout = TimeSpan.FromMilliseconds(5) };
        JsonSchemaValidationResult result = Check("""{"pattern":"^(a+)+$"}""", "\"" + new string('a', 5000) + "!\"", options);
        Assert.Equal(JsonValidationFailureKind.WorkLimitExceeded, result.Failure);
        Assert.Equal("pattern", result.Errors[0].Keyword);
        Assert.Equal("#/pattern", result.Errors[0].KeywordPath);
    }

    [Fact]
    public void Validate_PatternDigitClass_IsAsciiOnlyAsInEcma262() =>
        Assert.False(Check("""{"pattern":"^\\d+$"}""", "\"١٢٣\"").IsValid);

    [Fact]
    public void Validate_MaxErrors_CapsTheErrorList()
    {
        var options = new JsonSchemaValidatorOptions { MaxErrors = 5 };
        string instance = "[" + string.Join(",", Enumerable.Repeat("\"x\"", 50)) + "]";
        Assert.Equal(5, Check("""{"items":{"type":"integer"}}""", instance, options).Errors.Count);
    }

    [Fact]
    public void Validate_Draft7Tuple_UsesItemsArrayAndAdditionalItems()
    {
        const string Schema = """{"$schema":"http://json-schema.org/draft-07/schema#","items":[{"type":"string"}],"additionalItems":false}""";
        Assert.True(Check(Schema, "[\"a\"]").IsValid);
        Assert.False(Check(Schema, "[\"a\", 1]").IsValid);
    }

    [Fact]
    public void Validate_ConcurrentCalls_AreIndependent()
    {
        JsonSchemaValidator validator = JsonSchemaValidator.Compile(StructuredOutputChatClientTests.TicketSchema);
        Parallel.For(0, 200, i =>
        {
            bool valid = i % 2 == 0;
            string instance = valid ? """{"category":"other","priority":1,"summary":"s"}""" : """{"category":"nope","priority":1,"summary":"s"}""";
            Assert.Equal(valid, validator.Validate(instance).IsValid);
        });
    }

    /// <summary>The issue's schema: <c>$defs.node</c> is an anyOf of two object shapes whose <c>next</c> refers back to <c>node</c>.</summary>
    internal const string RecursiveAnyOfSchema = """
        {"$defs":{"node":{"anyOf":[
          {"type":"object","properties":{"kind":{"const":"a"},"next":{"$ref":"#/$defs/node"}},"required":["kind"]},
          {"type":"object","properties":{"kind":{"const":"b"},"next":{"$ref":"#/$defs/node"}},"required":["kind"]}]}},
         "$ref":"#/$defs/node"}
        """;

    /// <summary>A chain <paramref name="depth"/> deep whose <c>next</c> comes before <c>kind</c>, so the first anyOf branch evaluates the whole tail before it fails on <c>kind</c>.</summary>
    internal static string RecursiveAnyOfInstance(int depth, string lastKind = "b")
    {
        var sb = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            sb.Append("{\"next\":");
        }

        sb.Append("{\"kind\":\"").Append(lastKind).Append("\"}");
        for (int i = 0; i < depth; i++)
        {
            sb.Append(",\"kind\":\"b\"}");
        }

        return sb.ToString();
    }

    [Theory]
    [InlineData(40)]
    [InlineData(60)]
    public void Validate_RecursiveAnyOf_IsPolynomialInDepth(int depth)
    {
        // Without memoization the work doubles per level (2^40 evaluations); with it, it is linear. The budget proves it.
        var options = new JsonSchemaValidatorOptions { MaxWork = 100 * depth };
        JsonSchemaValidator validator = JsonSchemaValidator.Compile(RecursiveAnyOfSchema, options);

        Assert.True(validator.Validate(RecursiveAnyOfInstance(depth)).IsValid);
        JsonSchemaValidationResult invalid = validator.Validate(RecursiveAnyOfInstance(depth, lastKind: "c"));
        Assert.Equal(JsonValidationFailureKind.SchemaViolation, invalid.Failure);
        Assert.Equal("anyOf", invalid.Errors[0].Keyword);
    }

    [Theory]
    [InlineData("""{"oneOf":[{"type":"object","properties":{"kind":{"const":"a"},"next":{"$ref":"#/$defs/node"}},"required":["kind"]},{"type":"object","properties":{"kind":{"const":"b"},"next":{"$ref":"#/$defs/node"}},"required":["kind"]}]}""")]
    [InlineData("""{"allOf":[{"properties":{"next":{"$ref":"#/$defs/node"}}},{"properties":{"next":{"$ref":"#/$defs/node"}}},{"properties":{"kind":{"enum":["a","b"]}}}]}""")]
    [InlineData("""{"not":{"not":{"anyOf":[{"properties":{"next":{"$ref":"#/$defs/node"}, "kind":{"const":"a"}}},{"properties":{"next":{"$ref":"#/$defs/node"},"kind":{"const":"b"}}}]}}}""")]
    [InlineData("""{"if":{"properties":{"next":{"$ref":"#/$defs/node"}}},"then":{"properties":{"next":{"$ref":"#/$defs/node"},"kind":{"const":"b"}}},"else":{"properties":{"next":{"$ref":"#/$defs/node"}}}}""")]
    [InlineData("""{"anyOf":[{"properties":{"next":{"$ref":"#/$defs/node"},"kind":{"const":"a"}}},{"properties":{"next":{"$ref":"#/$defs/node"},"kind":{"const":"b"}}}],"unevaluatedProperties":false}""")]
    [InlineData("""{"$dynamicAnchor":"node","anyOf":[{"properties":{"next":{"$dynamicRef":"#node"},"kind":{"const":"a"}}},{"properties":{"next":{"$dynamicRef":"#node"},"kind":{"const":"b"}}}]}""")]
    public void Validate_RecursiveApplicatorNeighbours_ArePolynomialInDepth(string node)
    {
        string schema = $$"""{"$id":"https://example.com/chain","$defs":{"node":{{node}}},"$ref":"#/$defs/node"}""";
        const int Depth = 40;
        JsonSchemaValidator validator = JsonSchemaValidator.Compile(schema, new JsonSchemaValidatorOptions { MaxWork = 200 * Depth });

        JsonSchemaValidationResult result = validator.Validate(RecursiveAnyOfInstance(Depth));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.False(validator.Validate(RecursiveAnyOfInstance(Depth, lastKind: "c")).IsValid);
    }

    [Fact]
    public void Validate_ReferenceFanInAtOneLocation_IsLinearInSchemaSize()
    {
        // d0 = allOf[d1, d1], d1 = allOf[d2, d2], ...: 2^30 paths to d30 at the same location, one evaluation each with memoization
        var defs = new StringBuilder();
        for (int i = 0; i < 30; i++)
        {
            defs.Append(CultureInfo.InvariantCulture, $"\"d{i}\":{{\"allOf\":[{{\"$ref\":\"#/$defs/d{i + 1}\"}},{{\"$ref\":\"#/$defs/d{i + 1}\"}}]}},");
        }

        string schema = "{\"$defs\":{" + defs + "\"d30\":{\"type\":\"integer\"}},\"$ref\":\"#/$defs/d0\"}";
        JsonSchemaValidator validator = JsonSchemaValidator.Compile(schema, new JsonSchemaValidatorOptions { MaxWork = 1_000 });

        Assert.True(validator.Validate("1").IsValid);
        JsonSchemaValidationResult invalid = validator.Validate("\"x\"");
        Assert.Equal(JsonValidationFailureKind.SchemaViolation, invalid.Failure);
        Assert.Equal("#/$defs/d30/type", Assert.Single(invalid.Errors).KeywordPath); // reported once, not 2^30 times
    }

    [Fact]
    public void Validate_WorkBudgetExceeded_ReturnsTypedFailure()
    {
        var options = new JsonSchemaValidatorOptions { MaxWork = 50 };
        JsonSchemaValidator validator = JsonSchemaValidator.Compile(RecursiveAnyOfSchema, options);

        JsonSchemaValidationResult result = validator.Validate(RecursiveAnyOfInstance(40));

        Assert.Equal(JsonValidationFailureKind.WorkLimitExceeded, result.Failure);
        Assert.Equal("maxWork", Assert.Single(result.Errors).Keyword);
        Assert.False(validator.IsValid(JsonDocument.Parse(RecursiveAnyOfInstance(40)).RootElement));
    }

    [Fact]
    public void Validate_CancelledToken_ThrowsOperationCanceled()
    {
        JsonSchemaValidator validator = JsonSchemaValidator.Compile("""{"items":{"type":"integer"}}""");
        string big = "[" + string.Join(",", Enumerable.Range(0, 5000)) + "]";
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => validator.Validate(big, cts.Token));
        Assert.Throws<OperationCanceledException>(() => validator.Validate(JsonDocument.Parse(big).RootElement, cts.Token));
        Assert.True(validator.Validate(big, CancellationToken.None).IsValid);
    }

    [Fact]
    public void Validate_SelfReferenceWithoutConsumingInstance_FailsAtOnce()
    {
        JsonSchemaValidationResult result = Check("""{"$defs":{"a":{"allOf":[{"$ref":"#/$defs/b"}]},"b":{"anyOf":[{"$ref":"#/$defs/a"}]}},"$ref":"#/$defs/a"}""", "1", new JsonSchemaValidatorOptions { MaxWork = 100 });
        Assert.Equal(JsonValidationFailureKind.SchemaViolation, result.Failure);
    }

    [Fact]
    public void Validate_LongReferenceChain_FailsTypedInsteadOfOverflowingTheStack()
    {
        var defs = new StringBuilder();
        for (int i = 0; i < 20_000; i++)
        {
            defs.Append(CultureInfo.InvariantCulture, $"\"d{i}\":{{\"$ref\":\"#/$defs/d{i + 1}\"}},");
        }

        string schema = "{\"$defs\":{" + defs + "\"d20000\":{\"type\":\"integer\"}},\"$ref\":\"#/$defs/d0\"}";
        JsonSchemaValidator validator = JsonSchemaValidator.Compile(schema, new JsonSchemaValidatorOptions { MaxSchemaBytes = 4 * 1024 * 1024 });

        JsonSchemaValidationResult result = validator.Validate("1");

        Assert.Equal(JsonValidationFailureKind.WorkLimitExceeded, result.Failure);
        Assert.Equal("maxEvaluationDepth", Assert.Single(result.Errors).Keyword);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Compile_DeeplyNestedSchema_ThrowsJsonSchemaExceptionBeforeCompiling(bool parsed)
    {
        int depth = parsed ? 5_000 : 20_000; // JsonDocument.Parse itself is slow on very deep input: the caller's cost, not ours
        string schema = string.Concat(Enumerable.Repeat("{\"items\":", depth)) + "{}" + new string('}', depth);

        var ex = Assert.Throws<JsonSchemaException>(() => parsed
            ? JsonSchemaValidator.Compile(JsonDocument.Parse(schema, new JsonDocumentOptions { MaxDepth = depth + 10 }).RootElement, null)
            : JsonSchemaValidator.Compile(schema));
        Assert.Contains("256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_SchemaLargerThanLimit_ThrowsJsonSchemaException()
    {
        string schema = """{"properties":{""" + string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"p{i}\":{{\"type\":\"string\"}}")) + "}}";
        var options = new JsonSchemaValidatorOptions { MaxSchemaBytes = 4096 };
        Assert.Throws<JsonSchemaException>(() => JsonSchemaValidator.Compile(schema, options));
        Assert.Throws<JsonSchemaException>(() => JsonSchemaValidator.Compile(JsonDocument.Parse(schema).RootElement, options));
    }

    [Fact]
    public void Compile_LongLocationsTimesManyLeaves_ThrowsInsteadOfQuadraticMemory()
    {
        // 200 levels of 2 KB property names, then 10,000 leaves: every leaf's location repeats the 400 KB path
        string name = new('n', 2000);
        string head = string.Concat(Enumerable.Repeat($"{{\"properties\":{{\"{name}\":", 100));
        string leaves = "{\"properties\":{" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"{i}\":true")) + "}}";
        string schema = head + leaves + new string('}', 200);

        Assert.Throws<JsonSchemaException>(() => JsonSchemaValidator.Compile(schema));
    }

    [Fact]
    public void Validate_DeeplyNestedParsedInstance_ReturnsDepthLimitExceeded()
    {
        const int Depth = 10_000;
        using JsonDocument deep = JsonDocument.Parse(new string('[', Depth) + new string(']', Depth), new JsonDocumentOptions { MaxDepth = Depth + 1 });
        JsonSchemaValidator validator = JsonSchemaValidator.Compile("""{"$defs":{"a":{"items":{"$ref":"#/$defs/a"}}},"$ref":"#/$defs/a"}""");

        Assert.Equal(JsonValidationFailureKind.DepthLimitExceeded, validator.Validate(deep.RootElement).Failure);
        Assert.False(validator.IsValid(deep.RootElement));
    }

    [Fact]
    public void Validate_UniqueItemsOnHugeArray_IsNotQuadratic()
    {
        // 20,000 distinct numbers: pairwise comparison would take 2 * 10^8 steps; hashing takes about 40,000
        string distinct = "[" + string.Join(",", Enumerable.Range(0, 20_000)) + "]";
        var options = new JsonSchemaValidatorOptions { MaxWork = 200_000 };
        JsonSchemaValidator validator = JsonSchemaValidator.Compile("""{"uniqueItems":true}""", options);

        Assert.True(validator.Validate(distinct).IsValid);
        Assert.False(validator.Validate(distinct[..^1] + ",19999.0]").IsValid);
        Assert.False(validator.Validate(distinct[..^1] + ",1.9999e4]").IsValid);
        Assert.False(validator.Validate(distinct[..^1] + ",{\"a\":[1,\"x\"],\"b\":null},{\"b\":null,\"a\":[1.0,\"\\u0078\"]}]").IsValid);
        Assert.True(validator.Validate(distinct[..^1] + ",-0.5,0.5,\"1\",true,1e-5,1e5]").IsValid);
    }

    [Theory]
    [InlineData("""{"name":"\udc00x"}""")]
    [InlineData("""{"\ud800":1}""")]
    [InlineData("""["ok","\ud800\u0041"]""")]
    [InlineData("""["\udfff\ud800"]""")]
    [InlineData("""{"name":"x\ud83d"}""")]
    public void Validate_LoneSurrogateEscape_ReturnsInvalidJsonNotInvalidOperation(string instance)
    {
        const string Schema = """
            {"type":["object","array"],"properties":{"name":{"type":"string","pattern":"^x","maxLength":5}},"propertyNames":{"maxLength":5},
             "additionalProperties":{"type":"integer"},"items":{"type":"string","enum":["ok","A"]},"uniqueItems":true,"unevaluatedProperties":false}
            """;
        JsonSchemaValidator validator = JsonSchemaValidator.Compile(Schema);

        JsonSchemaValidationResult fromText = validator.Validate(instance);
        JsonSchemaValidationResult fromBytes = validator.Validate(Encoding.UTF8.GetBytes(instance).AsMemory());
        JsonSchemaValidationResult fromElement = validator.Validate(JsonDocument.Parse(instance).RootElement);

        Assert.All([fromText, fromBytes, fromElement], r => Assert.Equal(JsonValidationFailureKind.InvalidJson, r.Failure));
        Assert.Contains("surrogate", fromText.Errors[0].Message, StringComparison.Ordinal);
        Assert.False(validator.IsValid(JsonDocument.Parse(instance).RootElement));
    }

    [Theory]
    [InlineData("\"\\ud83d\\ude00\"", true)]   // a escaped pair is fine
    [InlineData("\"\\\\ud800\"", true)]         // an escaped backslash followed by text, not a surrogate escape
    public void Validate_SurrogateEdgeCases_AreClassifiedExactly(string instance, bool wellFormed)
    {
        JsonSchemaValidationResult result = JsonSchemaValidator.Compile("""{"type":"string"}""").Validate(instance);
        Assert.Equal(wellFormed ? JsonValidationFailureKind.None : JsonValidationFailureKind.InvalidJson, result.Failure);
    }

    [Fact]
    public void Validate_RawLoneSurrogateInText_ReturnsInvalidJsonInsteadOfReplacingIt()
    {
        string instance = "{\"name\":\"" + '\ud800' + "x\"}"; // built at run time: attribute strings cannot hold a lone surrogate
        JsonSchemaValidationResult result = JsonSchemaValidator.Compile("""{"properties":{"name":{"type":"string"}}}""").Validate(instance);
        Assert.Equal(JsonValidationFailureKind.InvalidJson, result.Failure);
    }

    [Theory]
    [InlineData("""{"properties":{"\ud800":{"type":"string"}}}""")]
    [InlineData("""{"enum":["\udc00"]}""")]
    public void Compile_SchemaWithLoneSurrogate_ThrowsJsonSchemaException(string schema)
    {
        Assert.Throws<JsonSchemaException>(() => JsonSchemaValidator.Compile(schema));
        Assert.Throws<JsonSchemaException>(() => JsonSchemaValidator.Compile(JsonDocument.Parse(schema).RootElement, null));
    }

    [Theory]
    [InlineData("""{"additionalProperties":false}""", """{"maria.okafor@example.com":1}""", "/*1")]
    [InlineData("""{"properties":{"a":{}},"additionalProperties":{"type":"string"}}""", """{"a":1,"maria.okafor@example.com":2}""", "/*2")]
    [InlineData("""{"patternProperties":{"@":{"type":"object","properties":{"x":{"type":"integer"}}}}}""", """{"maria.okafor@example.com":{"x":"y"}}""", "/*1/x")]
    [InlineData("""{"unevaluatedProperties":false}""", """{"maria.okafor@example.com":1}""", "/*1")]
    [InlineData("""{"additionalProperties":{"items":{"type":"integer"}}}""", """{"maria.okafor@example.com":["s"]}""", "/*1/0")]
    [InlineData("""{"propertyNames":{"maxLength":3}}""", """{"maria.okafor@example.com":1}""", "")]
    [InlineData("""{"$defs":{"n":{"additionalProperties":{"$ref":"#/$defs/n"},"type":"object"}},"$ref":"#/$defs/n"}""", """{"maria.okafor@example.com":{"John Smith":1}}""", "/*1/*1")]
    public void Validate_UndeclaredPropertyNames_NeverAppearInErrors(string schema, string instance, string path)
    {
        JsonSchemaValidationResult result = Check(schema, instance);

        JsonSchemaValidationError error = Assert.Single(result.Errors);
        Assert.Equal(path, error.InstancePath);
        string all = string.Join("\n", result.Errors.Select(e => $"{e} {e.InstancePath} {e.KeywordPath} {e.Message}"));
        Assert.DoesNotContain("maria", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("John", all, StringComparison.Ordinal);

        JsonSchemaValidationResult allowed = Check(schema, instance, new JsonSchemaValidatorOptions { IncludeInstanceValues = true });
        Assert.Equal(path.Length == 0 ? 0 : 1, allowed.Errors.Count(e => e.InstancePath.Contains("maria.okafor@example.com", StringComparison.Ordinal)));
    }

    [Property(MaxTest = 200)]
    public bool Validate_AnyStringUnderUnconstrainedStringSchema_IsValid(NonNull<string> text) =>
        JsonSchemaValidator.Compile("""{"type":"string"}""").Validate(JsonSerializer.Serialize(text.Get)).IsValid;

    [Property(MaxTest = 200)]
    public bool Validate_MaxLength_AgreesWithRuneCount(NonNull<string> text, byte max)
    {
        string s = text.Get;
        if (!IsWellFormed(s))
        {
            return true;
        }

        int runes = s.EnumerateRunes().Count();
        return JsonSchemaValidator.Compile($$"""{"maxLength":{{max}}}""").Validate(JsonSerializer.Serialize(s)).IsValid == (runes <= max);
    }

    [Property(MaxTest = 200)]
    public bool Validate_IntegerRange_AgreesWithComparison(int value, int min, int max) =>
        JsonSchemaValidator.Compile($$"""{"type":"integer","minimum":{{min}},"maximum":{{max}}}""").Validate(value.ToString(System.Globalization.CultureInfo.InvariantCulture)).IsValid
            == (value >= min && value <= max);

    private static bool IsWellFormed(string s)
    {
        try
        {
            _ = new UTF8Encoding(false, true).GetByteCount(s);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
