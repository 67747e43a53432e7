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
}
