using System.Text.Json;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Evaluates <c>unevaluatedProperties</c> and <c>unevaluatedItems</c>, which see what the other keywords of the same schema evaluated.</summary>
/// <remarks>Stateless: every method reads the compiled keywords from the <see cref="SchemaNode"/> it is given.</remarks>
internal static class UnevaluatedKeywords
{
    internal static bool EvaluateProperties(SchemaNode node, JsonElement instance, EvaluationContext context, SchemaAnnotations annotations)
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

            if (!ObjectKeywords.EvaluateDisallowable(node, node.UnevaluatedProperties!, "unevaluatedProperties", property, ordinal, context))
            {
                valid = false;
                if (SchemaNode.StopEarly(context))
                {
                    return false;
                }
            }
        }

        annotations.AllProperties = true;
        return valid;
    }

    internal static bool EvaluateItems(SchemaNode node, JsonElement instance, EvaluationContext context, SchemaAnnotations annotations)
    {
        bool valid = true;
        int index = 0;
        foreach (JsonElement item in instance.EnumerateArray())
        {
            if (!annotations.HasItem(index))
            {
                context.Push(index);
                bool ok = node.UnevaluatedItems!.Evaluate(item, context, null);
                context.Pop();
                if (!ok)
                {
                    valid = false;
                    if (SchemaNode.StopEarly(context))
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

    /// <summary>Compiles <c>unevaluatedProperties</c> and <c>unevaluatedItems</c> (2019-09 and later); returns whether <paramref name="keyword"/> belongs to this family in the schema's dialect.</summary>
    internal static bool Compile(KeywordSite site, JsonProperty keyword)
    {
        switch (keyword.Name)
        {
            case "unevaluatedProperties" when !site.Draft7:
                site.Node.UnevaluatedProperties = site.Child("/unevaluatedProperties");
                return true;
            case "unevaluatedItems" when !site.Draft7:
                site.Node.UnevaluatedItems = site.Child("/unevaluatedItems");
                return true;
            default:
                return false;
        }
    }
}
