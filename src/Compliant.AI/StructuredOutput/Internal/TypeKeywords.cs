using System.Text.Json;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Evaluates <c>type</c>, <c>enum</c> and <c>const</c>: the keywords that compare the whole instance with fixed values.</summary>
/// <remarks>Stateless: every method reads the compiled keywords from the <see cref="SchemaNode"/> it is given.</remarks>
internal static class TypeKeywords
{
    /// <summary>Checks <c>type</c>, then <c>const</c>, then <c>enum</c>, stopping at the first failure unless all errors are collected.</summary>
    internal static bool Evaluate(SchemaNode node, JsonElement instance, EvaluationContext context)
    {
        bool valid = true;
        if (node.Types != SchemaTypes.None && !MatchesType(node, instance))
        {
            valid = false;
            context.AddError(node, "type", $"expected {node.TypesText} but found {KindName(instance)}");
            if (SchemaNode.StopEarly(context))
            {
                return false;
            }
        }

        if (node.Const is JsonElement constant && !JsonElement.DeepEquals(instance, constant))
        {
            valid = false;
            context.AddError(node, "const", $"must equal the constant {SchemaNode.Truncate(constant.GetRawText())}", instance);
            if (SchemaNode.StopEarly(context))
            {
                return false;
            }
        }

        if (node.Enum is not null && !InEnum(node, instance))
        {
            valid = false;
            context.AddError(node, "enum", $"must be one of {node.EnumText}", instance);
        }

        return valid;
    }

    internal static bool MatchesType(SchemaNode node, JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.Null => (node.Types & SchemaTypes.Null) != 0,
        JsonValueKind.True or JsonValueKind.False => (node.Types & SchemaTypes.Boolean) != 0,
        JsonValueKind.Object => (node.Types & SchemaTypes.Object) != 0,
        JsonValueKind.Array => (node.Types & SchemaTypes.Array) != 0,
        JsonValueKind.String => (node.Types & SchemaTypes.String) != 0,
        JsonValueKind.Number => (node.Types & SchemaTypes.Number) != 0
            || ((node.Types & SchemaTypes.Integer) != 0 && SchemaNumber.IsInteger(instance)),
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

    internal static bool InEnum(SchemaNode node, JsonElement instance)
    {
        foreach (JsonElement candidate in node.Enum!)
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

    /// <summary>Compiles <c>type</c>, <c>const</c> and <c>enum</c>; returns whether <paramref name="keyword"/> belongs to this family.</summary>
    internal static bool Compile(KeywordSite site, JsonProperty keyword, string at)
    {
        SchemaNode node = site.Node;
        JsonElement value = keyword.Value;
        switch (keyword.Name)
        {
            case "type":
                (node.Types, node.TypesText) = ParseTypes(value, at);
                return true;
            case "const":
                node.Const = value;
                return true;
            case "enum":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    throw new JsonSchemaException("'enum' must be an array.", at);
                }

                node.Enum = [.. value.EnumerateArray()];
                node.EnumText = SchemaNode.Truncate(string.Join(", ", node.Enum.Select(e => e.GetRawText())));
                return true;
            default:
                return false;
        }
    }

    private static (SchemaTypes Types, string Text) ParseTypes(JsonElement value, string at)
    {
        SchemaTypes types = SchemaTypes.None;
        if (value.ValueKind == JsonValueKind.String)
        {
            types = TypeOf(value.GetString()!, at);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in value.EnumerateArray())
            {
                types |= item.ValueKind == JsonValueKind.String ? TypeOf(item.GetString()!, at) : throw new JsonSchemaException("'type' entries must be strings.", at);
            }
        }
        else
        {
            throw new JsonSchemaException("'type' must be a string or an array of strings.", at);
        }

        var names = new List<string>();
        foreach (SchemaTypes t in Enum.GetValues<SchemaTypes>())
        {
            if (t != SchemaTypes.None && (types & t) != 0)
            {
                names.Add(t.ToString().ToLowerInvariant());
            }
        }

        return (types, names.Count == 1 ? names[0] : string.Join(" or ", names));
    }

    private static SchemaTypes TypeOf(string name, string at) => name switch
    {
        "null" => SchemaTypes.Null,
        "boolean" => SchemaTypes.Boolean,
        "object" => SchemaTypes.Object,
        "array" => SchemaTypes.Array,
        "number" => SchemaTypes.Number,
        "string" => SchemaTypes.String,
        "integer" => SchemaTypes.Integer,
        _ => throw new JsonSchemaException("'type' names an unknown type.", at),
    };
}
