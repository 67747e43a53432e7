using System.Globalization;
using System.Text.Json;

namespace Compliant.AI.Tests.Contract;

/// <summary>
/// Validates JSON against the OpenAPI 3.0 schema subset Qdrant's spec uses: <c>$ref</c>, <c>type</c>, <c>nullable</c>,
/// <c>anyOf</c>/<c>oneOf</c>/<c>allOf</c>, <c>enum</c>, <c>properties</c>/<c>required</c>/<c>additionalProperties</c>,
/// <c>items</c>, <c>minimum</c>/<c>maximum</c>, <c>minLength</c>/<c>minItems</c>, <c>uniqueItems</c>, and the
/// <c>format</c>s <c>uint*</c>, <c>int64</c> and <c>uuid</c>.
/// </summary>
/// <remarks>
/// Strict mode treats an object schema that declares <c>properties</c> but no <c>additionalProperties</c> as closed,
/// so a misspelled key is an error (Qdrant's server rejects unknown fields in most request types).
/// </remarks>
public sealed class OpenApiSchemaValidator(JsonElement document, bool strict)
{
    private const int MaxDepth = 64;

    public IReadOnlyList<string> Validate(JsonElement value, JsonElement schema, string path = "$")
    {
        var errors = new List<string>();
        Validate(value, schema, path, errors, 0);
        return errors;
    }

    public JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException("Only local references are supported: " + reference);
        }

        JsonElement current = document;
        foreach (string segment in reference[2..].Split('/'))
        {
            string name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (!current.TryGetProperty(name, out current))
            {
                throw new KeyNotFoundException("Unresolvable reference " + reference);
            }
        }

        return current;
    }

    private void Validate(JsonElement value, JsonElement schema, string path, List<string> errors, int depth)
    {
        if (depth > MaxDepth)
        {
            errors.Add($"{path}: schema nesting too deep");
            return;
        }

        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path}: no value is allowed here");
            return;
        }

        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            Validate(value, Resolve(reference.GetString()!), path, errors, depth + 1);
            return;
        }

        bool nullable = schema.TryGetProperty("nullable", out JsonElement n) && n.ValueKind == JsonValueKind.True;
        if (nullable && IsNullOnly(schema))
        {
            // The spec writes "X or null" as anyOf [X, { nullable: true }]: a schema that says nothing but "nullable"
            // means "null", not "anything" (reading it literally would make every such anyOf accept any value).
            if (value.ValueKind != JsonValueKind.Null)
            {
                errors.Add($"{path}: expected null, got {value.ValueKind}");
            }

            return;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            if (nullable)
            {
                return;
            }

            // Null passes a schema with no type and no combinator (an unconstrained schema), and otherwise only through a branch.
            if (!schema.TryGetProperty("type", out _) && !schema.TryGetProperty("anyOf", out _) && !schema.TryGetProperty("oneOf", out _) && !schema.TryGetProperty("allOf", out _) && !schema.TryGetProperty("enum", out _))
            {
                return;
            }
        }

        if (schema.TryGetProperty("anyOf", out JsonElement anyOf))
        {
            ValidateBranches(value, anyOf, path, errors, depth, exactlyOne: false, "anyOf");
        }

        if (schema.TryGetProperty("oneOf", out JsonElement oneOf))
        {
            ValidateBranches(value, oneOf, path, errors, depth, exactlyOne: true, "oneOf");
        }

        if (schema.TryGetProperty("allOf", out JsonElement allOf))
        {
            foreach (JsonElement branch in allOf.EnumerateArray())
            {
                Validate(value, branch, path, errors, depth + 1);
            }
        }

        if (schema.TryGetProperty("enum", out JsonElement enumValues))
        {
            bool found = enumValues.EnumerateArray().Any(e => JsonElement.DeepEquals(e, value));
            if (!found)
            {
                errors.Add($"{path}: {Describe(value)} is not one of the allowed values");
            }
        }

        if (schema.TryGetProperty("type", out JsonElement typeElement))
        {
            string type = typeElement.GetString()!;
            if (!MatchesType(value, type))
            {
                errors.Add($"{path}: expected {type}{(nullable ? " or null" : string.Empty)}, got {value.ValueKind}");
                return;
            }
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                ValidateObject(value, schema, path, errors, depth);
                break;
            case JsonValueKind.Array:
                ValidateArray(value, schema, path, errors, depth);
                break;
            case JsonValueKind.Number:
                ValidateNumber(value, schema, path, errors);
                break;
            case JsonValueKind.String:
                ValidateString(value, schema, path, errors);
                break;
        }
    }

    private void ValidateBranches(JsonElement value, JsonElement branches, string path, List<string> errors, int depth, bool exactlyOne, string keyword)
    {
        int matches = 0;
        List<string>? closest = null;
        foreach (JsonElement branch in branches.EnumerateArray())
        {
            var branchErrors = new List<string>();
            Validate(value, branch, path, branchErrors, depth + 1);
            if (branchErrors.Count == 0)
            {
                matches++;
            }
            else if (closest is null || branchErrors.Count < closest.Count)
            {
                closest = branchErrors;
            }
        }

        if (matches == 0)
        {
            errors.Add($"{path}: matches no branch of {keyword}; closest branch: {string.Join("; ", closest ?? [])}");
        }
        else if (exactlyOne && matches > 1)
        {
            errors.Add($"{path}: matches {matches} branches of oneOf");
        }
    }

    private void ValidateObject(JsonElement value, JsonElement schema, string path, List<string> errors, int depth)
    {
        bool hasProperties = schema.TryGetProperty("properties", out JsonElement properties);
        if (schema.TryGetProperty("required", out JsonElement required))
        {
            foreach (JsonElement name in required.EnumerateArray())
            {
                if (!value.TryGetProperty(name.GetString()!, out _))
                {
                    errors.Add($"{path}: required property '{name.GetString()}' is missing");
                }
            }
        }

        bool hasAdditional = schema.TryGetProperty("additionalProperties", out JsonElement additional);
        foreach (JsonProperty property in value.EnumerateObject())
        {
            string childPath = path + "." + property.Name;
            if (hasProperties && properties.TryGetProperty(property.Name, out JsonElement propertySchema))
            {
                Validate(property.Value, propertySchema, childPath, errors, depth + 1);
            }
            else if (hasAdditional)
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    errors.Add($"{path}: property '{property.Name}' is not allowed");
                }
                else if (additional.ValueKind == JsonValueKind.Object)
                {
                    Validate(property.Value, additional, childPath, errors, depth + 1);
                }
            }
            else if (strict && hasProperties)
            {
                errors.Add($"{path}: property '{property.Name}' is not declared by the schema");
            }
        }
    }

    private void ValidateArray(JsonElement value, JsonElement schema, string path, List<string> errors, int depth)
    {
        int length = value.GetArrayLength();
        if (schema.TryGetProperty("minItems", out JsonElement minItems) && length < minItems.GetInt32())
        {
            errors.Add($"{path}: fewer than {minItems.GetInt32()} items");
        }

        if (schema.TryGetProperty("items", out JsonElement items))
        {
            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                Validate(item, items, $"{path}[{i++}]", errors, depth + 1);
            }
        }

        if (schema.TryGetProperty("uniqueItems", out JsonElement unique) && unique.ValueKind == JsonValueKind.True)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (!seen.Add(item.GetRawText()))
                {
                    errors.Add($"{path}: items are not unique");
                    break;
                }
            }
        }
    }

    private static void ValidateNumber(JsonElement value, JsonElement schema, string path, List<string> errors)
    {
        decimal? number = value.TryGetDecimal(out decimal d) ? d : null;
        string? format = schema.TryGetProperty("format", out JsonElement f) ? f.GetString() : null;
        if (format is not null && format.StartsWith("uint", StringComparison.Ordinal) && number is < 0)
        {
            errors.Add($"{path}: {format} must not be negative");
        }

        if (format == "uint8" && number is > byte.MaxValue || format == "uint32" && number is > uint.MaxValue || format == "int64" && number is > long.MaxValue or < long.MinValue)
        {
            errors.Add($"{path}: out of range for {format}");
        }

        if (schema.TryGetProperty("minimum", out JsonElement minimum) && number < minimum.GetDecimal())
        {
            errors.Add($"{path}: {number.Value.ToString(CultureInfo.InvariantCulture)} is below the minimum {minimum.GetRawText()}");
        }

        if (schema.TryGetProperty("maximum", out JsonElement maximum) && number > maximum.GetDecimal())
        {
            errors.Add($"{path}: {number.Value.ToString(CultureInfo.InvariantCulture)} is above the maximum {maximum.GetRawText()}");
        }
    }

    private static void ValidateString(JsonElement value, JsonElement schema, string path, List<string> errors)
    {
        string text = value.GetString()!;
        if (schema.TryGetProperty("minLength", out JsonElement minLength) && text.Length < minLength.GetInt32())
        {
            errors.Add($"{path}: shorter than {minLength.GetInt32()} characters");
        }

        if (schema.TryGetProperty("format", out JsonElement format))
        {
            switch (format.GetString())
            {
                case "uuid" when !Guid.TryParseExact(text, "D", out _):
                    errors.Add($"{path}: not a UUID");
                    break;
                case "date-time" when !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _):
                    errors.Add($"{path}: not a date-time");
                    break;
            }
        }
    }

    private static bool IsNullOnly(JsonElement schema)
    {
        foreach (JsonProperty keyword in schema.EnumerateObject())
        {
            if (keyword.Name is not ("nullable" or "description" or "default" or "example" or "deprecated" or "title"))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && IsInteger(value),
        _ => throw new NotSupportedException("Unknown schema type " + type),
    };

    private static bool IsInteger(JsonElement value) =>
        value.TryGetInt64(out _) || value.TryGetUInt64(out _) || (value.TryGetDecimal(out decimal d) && decimal.Truncate(d) == d && !value.GetRawText().Contains('.', StringComparison.Ordinal));

    private static string Describe(JsonElement value) => value.ValueKind == JsonValueKind.String ? "a string" : value.ValueKind.ToString();
}
