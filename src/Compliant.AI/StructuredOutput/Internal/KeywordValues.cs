using System.Text.Json;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Reads and checks a keyword's value at compile time (a number, a non-negative count, an array of strings); a malformed value fails the schema.</summary>
internal static class KeywordValues
{
    /// <summary>Reads a number keyword (<c>minimum</c>, <c>multipleOf</c>, ...).</summary>
    public static SchemaNumber Number(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.Number ? SchemaNumber.From(value) : throw new JsonSchemaException("The keyword must be a number.", at);

    /// <summary>Reads a non-negative integer keyword (<c>minLength</c>, <c>maxItems</c>, ...), capped at <see cref="int.MaxValue"/>.</summary>
    public static int Count(JsonElement value, string at)
    {
        if (value.ValueKind == JsonValueKind.Number && SchemaNumber.IsInteger(value))
        {
            double d = SchemaNumber.ParseDouble(value);
            if (d >= 0)
            {
                return d > int.MaxValue ? int.MaxValue : (int)d;
            }
        }

        throw new JsonSchemaException("The keyword must be a non-negative integer.", at);
    }

    /// <summary>Reads an array-of-strings keyword (<c>required</c>, a <c>dependentRequired</c> entry).</summary>
    public static string[] Strings(JsonElement value, string at)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new JsonSchemaException("The keyword must be an array of strings.", at);
        }

        return [.. value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new JsonSchemaException("The keyword must be an array of strings.", at))];
    }
}
