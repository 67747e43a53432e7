using System.Text.Json;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Evaluates <c>prefixItems</c>, <c>items</c> (and draft 7 tuple <c>items</c> + <c>additionalItems</c>), <c>contains</c>/<c>minContains</c>/<c>maxContains</c>, <c>minItems</c>, <c>maxItems</c> and <c>uniqueItems</c>.</summary>
/// <remarks>Stateless: every method reads the compiled keywords from the <see cref="SchemaNode"/> it is given.</remarks>
internal static class ArrayKeywords
{
    internal static bool Evaluate(SchemaNode node, JsonElement instance, EvaluationContext context, SchemaAnnotations? annotations)
    {
        bool valid = true;
        int length = instance.GetArrayLength();
        if (node.MinItems is int minItems && length < minItems)
        {
            valid = false;
            context.AddError(node, "minItems", $"must have at least {minItems} items");
        }

        if (node.MaxItems is int maxItems && length > maxItems)
        {
            valid = false;
            context.AddError(node, "maxItems", $"must have at most {maxItems} items");
        }

        if (!valid && SchemaNode.StopEarly(context))
        {
            return false;
        }

        int prefix = node.PrefixItems?.Length ?? 0;
        int matches = 0;
        int index = 0;
        foreach (JsonElement item in instance.EnumerateArray())
        {
            context.AddWork(1);
            SchemaNode? schema = index < prefix ? node.PrefixItems![index] : node.Items;
            if (schema is not null)
            {
                context.Push(index);
                bool ok = schema.Evaluate(item, context, null);
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

            if (node.Contains is not null)
            {
                List<JsonSchemaValidationError>? errors = context.Errors;
                context.Errors = null;
                bool ok;
                try
                {
                    ok = node.Contains.Evaluate(item, context, null);
                }
                finally
                {
                    context.Errors = errors;
                }

                if (ok)
                {
                    matches++;
                    annotations?.AddItem(index);
                }
            }

            index++;
        }

        if (annotations is not null)
        {
            annotations.ItemPrefix = Math.Max(annotations.ItemPrefix, Math.Min(prefix, length));
            if (node.Items is not null)
            {
                annotations.AllItems = true;
            }
        }

        if (node.Contains is not null)
        {
            int min = node.MinContains ?? 1;
            if (matches < min)
            {
                valid = false;
                context.AddError(node, node.MinContains is null ? "contains" : "minContains", min == 1 ? "must contain at least one item matching the 'contains' schema" : $"must contain at least {min} items matching the 'contains' schema");
            }

            if (node.MaxContains is int max && matches > max)
            {
                valid = false;
                context.AddError(node, "maxContains", $"must contain at most {max} items matching the 'contains' schema");
            }
        }

        if (node.UniqueItems && length > 1 && !JsonEquality.AreUnique(instance, context))
        {
            valid = false;
            context.AddError(node, "uniqueItems", "must not contain duplicate items");
        }

        return valid;
    }

    /// <summary>Compiles <c>minItems</c>, <c>maxItems</c>, <c>uniqueItems</c>, <c>prefixItems</c>, <c>items</c> (and draft 7 tuple <c>items</c> + <c>additionalItems</c>), <c>contains</c>, <c>minContains</c> and <c>maxContains</c>; returns whether <paramref name="keyword"/> belongs to this family in the schema's dialect.</summary>
    internal static bool Compile(KeywordSite site, JsonProperty keyword, string at)
    {
        SchemaNode node = site.Node;
        JsonElement value = keyword.Value;
        switch (keyword.Name)
        {
            case "minItems":
                node.MinItems = KeywordValues.Count(value, at);
                return true;
            case "maxItems":
                node.MaxItems = KeywordValues.Count(value, at);
                return true;
            case "uniqueItems":
                node.UniqueItems = value.ValueKind == JsonValueKind.True;
                return true;
            case "prefixItems" when !site.Draft7:
                node.PrefixItems = site.Subschemas(keyword);
                return true;
            case "items":
                if (value.ValueKind == JsonValueKind.Array)
                {
                    node.PrefixItems = site.Subschemas(keyword);
                    if (site.Entry.Element.TryGetProperty("additionalItems", out _))
                    {
                        node.Items = site.Child("/additionalItems");
                    }
                }
                else
                {
                    node.Items = site.Child("/items");
                }

                return true;
            case "contains":
                node.Contains = site.Child("/contains");
                return true;
            case "minContains" when !site.Draft7:
                node.MinContains = KeywordValues.Count(value, at);
                return true;
            case "maxContains" when !site.Draft7:
                node.MaxContains = KeywordValues.Count(value, at);
                return true;
            default:
                return false;
        }
    }
}
