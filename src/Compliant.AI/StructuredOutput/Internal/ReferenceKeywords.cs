using System.Text.Json;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Evaluates <c>$ref</c> and <c>$dynamicRef</c> (the targets were resolved at compile time; a dynamic reference is bound through the dynamic scope).</summary>
/// <remarks>Stateless: every method reads the compiled keywords from the <see cref="SchemaNode"/> it is given.</remarks>
internal static class ReferenceKeywords
{
    /// <summary>Evaluates the <c>$ref</c> target, then the <c>$dynamicRef</c> target, stopping at the first failure unless all errors are collected.</summary>
    internal static bool Evaluate(SchemaNode node, JsonElement instance, EvaluationContext context, SchemaAnnotations? annotations)
    {
        bool valid = true;
        if (node.Ref is not null && !node.Ref.Evaluate(instance, context, annotations))
        {
            valid = false;
            if (SchemaNode.StopEarly(context))
            {
                return false;
            }
        }

        if (node.DynamicRef is not null && !ResolveDynamicRef(node, context).Evaluate(instance, context, annotations))
        {
            valid = false;
        }

        return valid;
    }

    /// <summary>Binds a <c>$dynamicRef</c> to the outermost matching <c>$dynamicAnchor</c> in the dynamic scope, or to its static target.</summary>
    internal static SchemaNode ResolveDynamicRef(SchemaNode node, EvaluationContext context) =>
        node.DynamicRefAnchor is not null && context.Scope is { } scope && scope.TryResolve(node.DynamicRefAnchor, out SchemaNode bound) ? bound : node.DynamicRef!;
}
