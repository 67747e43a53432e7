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

    /// <summary>Compiles <c>$ref</c> and (2019-09 and later) <c>$dynamicRef</c> of a subschema, before its other keywords.</summary>
    /// <returns>Whether the subschema's other keywords are to be ignored (a draft 7 <c>$ref</c> overrides its siblings).</returns>
    internal static bool CompileReferences(KeywordSite site)
    {
        SchemaNode node = site.Node;
        JsonElement schema = site.Entry.Element;
        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            node.Ref = CompileReference(site, reference, "$ref");
            if (site.Draft7)
            {
                return true;
            }
        }

        if (!site.Draft7 && schema.TryGetProperty("$dynamicRef", out JsonElement dynamicReference))
        {
            string at = node + "/$dynamicRef";
            string target = dynamicReference.ValueKind == JsonValueKind.String
                ? SchemaUri.Resolve(site.Entry.Resource.Key, dynamicReference.GetString()!)
                : throw new JsonSchemaException("'$dynamicRef' must be a string.", at);
            SchemaEntry targetEntry = site.Compiler.Lookup(target, at);
            node.DynamicRef = site.Compiler.CompileEntry(targetEntry);
            node.DynamicRef.Memoize = true;
            int hash = target.IndexOf('#', StringComparison.Ordinal);
            string anchorName = hash < 0 ? string.Empty : target[(hash + 1)..];
            if (anchorName.Length > 0 && anchorName[0] != '/'
                && targetEntry.Element.ValueKind == JsonValueKind.Object
                && targetEntry.Element.TryGetProperty("$dynamicAnchor", out JsonElement declared)
                && declared.ValueKind == JsonValueKind.String && declared.GetString() == anchorName)
            {
                node.DynamicRefAnchor = anchorName;
            }
        }

        return false;
    }

    /// <summary>Compiles <c>$defs</c> and <c>definitions</c> (the targets of references), so that a malformed definition fails at compile time, not at first use; returns whether <paramref name="keyword"/> is one of them.</summary>
    internal static bool Compile(KeywordSite site, JsonProperty keyword)
    {
        if (keyword.Name is "$defs" or "definitions")
        {
            _ = site.Map(keyword);
            return true;
        }

        return false;
    }

    private static SchemaNode CompileReference(KeywordSite site, JsonElement reference, string keyword)
    {
        string at = site.Node + "/" + keyword;
        if (reference.ValueKind != JsonValueKind.String)
        {
            throw new JsonSchemaException($"'{keyword}' must be a string.", at);
        }

        string target = SchemaUri.Resolve(site.Entry.Resource.Key, reference.GetString()!);
        SchemaNode referenced = site.Compiler.CompileEntry(site.Compiler.Lookup(target, at));
        referenced.Memoize = true; // reachable along more than one path
        return referenced;
    }
}
