using System.Text.Json;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Evaluates <c>allOf</c>, <c>anyOf</c>, <c>oneOf</c>, <c>not</c> and <c>if</c>/<c>then</c>/<c>else</c>.</summary>
/// <remarks>Stateless: every method reads the compiled keywords from the <see cref="SchemaNode"/> it is given.</remarks>
internal static class ApplicatorKeywords
{
    internal static bool Evaluate(SchemaNode node, JsonElement instance, EvaluationContext context, SchemaAnnotations? annotations)
    {
        bool valid = true;
        if (node.AllOf is not null)
        {
            foreach (SchemaNode schema in node.AllOf)
            {
                if (!schema.Evaluate(instance, context, annotations))
                {
                    valid = false;
                    if (SchemaNode.StopEarly(context))
                    {
                        return false;
                    }
                }
            }
        }

        if (node.AnyOf is not null)
        {
            List<JsonSchemaValidationError>? errors = context.Errors;
            context.Errors = null;
            bool any = false;
            foreach (SchemaNode schema in node.AnyOf)
            {
                SchemaAnnotations? branch = annotations is null ? null : new SchemaAnnotations();
                if (schema.Evaluate(instance, context, branch))
                {
                    any = true;
                    if (annotations is null)
                    {
                        break;
                    }

                    annotations.Merge(branch!);
                }
            }

            context.Errors = errors;
            if (!any)
            {
                valid = false;
                context.AddError(node, "anyOf", $"must match at least one of the {node.AnyOf.Length} alternatives in 'anyOf'");
                if (SchemaNode.StopEarly(context))
                {
                    return false;
                }
            }
        }

        if (node.OneOf is not null)
        {
            List<JsonSchemaValidationError>? errors = context.Errors;
            context.Errors = null;
            int passed = 0;
            SchemaAnnotations? passing = null;
            foreach (SchemaNode schema in node.OneOf)
            {
                SchemaAnnotations? branch = annotations is null ? null : new SchemaAnnotations();
                if (schema.Evaluate(instance, context, branch))
                {
                    passing = branch;
                    if (++passed > 1)
                    {
                        break;
                    }
                }
            }

            context.Errors = errors;
            if (passed != 1)
            {
                valid = false;
                context.AddError(node, "oneOf", passed == 0
                    ? $"must match exactly one of the {node.OneOf.Length} alternatives in 'oneOf', but matches none"
                    : $"must match exactly one of the {node.OneOf.Length} alternatives in 'oneOf', but matches more than one");
                if (SchemaNode.StopEarly(context))
                {
                    return false;
                }
            }
            else if (passing is not null)
            {
                annotations!.Merge(passing);
            }
        }

        if (node.Not is not null)
        {
            List<JsonSchemaValidationError>? errors = context.Errors;
            context.Errors = null;
            bool matched = node.Not.Evaluate(instance, context, null);
            context.Errors = errors;
            if (matched)
            {
                valid = false;
                context.AddError(node, "not", "must not match the schema in 'not'");
                if (SchemaNode.StopEarly(context))
                {
                    return false;
                }
            }
        }

        if (node.If is not null && (node.Then is not null || node.Else is not null || annotations is not null))
        {
            List<JsonSchemaValidationError>? errors = context.Errors;
            context.Errors = null;
            SchemaAnnotations? conditionAnnotations = annotations is null ? null : new SchemaAnnotations();
            bool condition = node.If.Evaluate(instance, context, conditionAnnotations);
            context.Errors = errors;
            if (condition)
            {
                if (conditionAnnotations is not null)
                {
                    annotations!.Merge(conditionAnnotations);
                }

                if (node.Then is not null && !node.Then.Evaluate(instance, context, annotations))
                {
                    valid = false;
                }
            }
            else if (node.Else is not null && !node.Else.Evaluate(instance, context, annotations))
            {
                valid = false;
            }
        }

        return valid;
    }

    /// <summary>Compiles <c>allOf</c>, <c>anyOf</c>, <c>oneOf</c>, <c>not</c>, <c>if</c>, <c>then</c> and <c>else</c>; returns whether <paramref name="keyword"/> belongs to this family.</summary>
    internal static bool Compile(KeywordSite site, JsonProperty keyword)
    {
        SchemaNode node = site.Node;
        switch (keyword.Name)
        {
            case "allOf":
                node.AllOf = site.Subschemas(keyword);
                return true;
            case "anyOf":
                node.AnyOf = site.Subschemas(keyword);
                return true;
            case "oneOf":
                node.OneOf = site.Subschemas(keyword);
                return true;
            case "not":
                node.Not = site.Child("/not");
                return true;
            case "if":
                node.If = site.Child("/if");
                return true;
            case "then":
                node.Then = site.Child("/then");
                return true;
            case "else":
                node.Else = site.Child("/else");
                return true;
            default:
                return false;
        }
    }
}
