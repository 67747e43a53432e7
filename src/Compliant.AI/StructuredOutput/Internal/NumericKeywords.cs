using System.Text.Json;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Evaluates <c>minimum</c>, <c>maximum</c>, <c>exclusiveMinimum</c>, <c>exclusiveMaximum</c> and <c>multipleOf</c> (exact <see cref="decimal"/> comparison when the numbers fit).</summary>
/// <remarks>Stateless: every method reads the compiled keywords from the <see cref="SchemaNode"/> it is given.</remarks>
internal static class NumericKeywords
{
    internal static bool Evaluate(SchemaNode node, JsonElement instance, EvaluationContext context)
    {
        SchemaNumber value = SchemaNumber.From(instance);
        bool valid = true;
        if (node.Minimum is SchemaNumber min && min.CompareInstance(value) < 0)
        {
            valid = false;
            context.AddError(node, "minimum", $"must be greater than or equal to {min}", instance);
        }

        if (node.Maximum is SchemaNumber max && max.CompareInstance(value) > 0)
        {
            valid = false;
            context.AddError(node, "maximum", $"must be less than or equal to {max}", instance);
        }

        if (node.ExclusiveMinimum is SchemaNumber xmin && xmin.CompareInstance(value) <= 0)
        {
            valid = false;
            context.AddError(node, "exclusiveMinimum", $"must be greater than {xmin}", instance);
        }

        if (node.ExclusiveMaximum is SchemaNumber xmax && xmax.CompareInstance(value) >= 0)
        {
            valid = false;
            context.AddError(node, "exclusiveMaximum", $"must be less than {xmax}", instance);
        }

        if (node.MultipleOf is SchemaNumber divisor && !divisor.DividesInstance(value))
        {
            valid = false;
            context.AddError(node, "multipleOf", $"must be a multiple of {divisor}", instance);
        }

        return valid;
    }

    /// <summary>Compiles <c>minimum</c>, <c>maximum</c>, <c>exclusiveMinimum</c>, <c>exclusiveMaximum</c> and <c>multipleOf</c>; returns whether <paramref name="keyword"/> belongs to this family.</summary>
    internal static bool Compile(KeywordSite site, JsonProperty keyword, string at)
    {
        SchemaNode node = site.Node;
        switch (keyword.Name)
        {
            case "minimum":
                node.Minimum = KeywordValues.Number(keyword.Value, at);
                return true;
            case "maximum":
                node.Maximum = KeywordValues.Number(keyword.Value, at);
                return true;
            case "exclusiveMinimum":
                node.ExclusiveMinimum = KeywordValues.Number(keyword.Value, at);
                return true;
            case "exclusiveMaximum":
                node.ExclusiveMaximum = KeywordValues.Number(keyword.Value, at);
                return true;
            case "multipleOf":
                node.MultipleOf = KeywordValues.Number(keyword.Value, at);
                if (node.MultipleOf.Value.Approximate <= 0)
                {
                    throw new JsonSchemaException("'multipleOf' must be greater than 0.", at);
                }

                return true;
            default:
                return false;
        }
    }
}
