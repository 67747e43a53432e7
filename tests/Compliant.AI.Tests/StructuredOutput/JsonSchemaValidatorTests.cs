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
             ("/patients/0/dob", "additionalProperties", "#/properties/patients/items/additionalProperties")],
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
        JsonSchemaValidationResult result = Check("""{"additionalProperties":false}""", """{"a/b~c":1}""");
        Assert.Equal("/a~1b~0c", Assert.Single(result.Errors).InstancePath);
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
        Assert.False(result.IsValid);
        Assert.Equal("pattern", result.Errors[0].Keyword);
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
