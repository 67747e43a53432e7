using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Evaluates <c>properties</c>, <c>patternProperties</c>, <c>additionalProperties</c>, <c>propertyNames</c>, <c>required</c>, <c>minProperties</c>/<c>maxProperties</c>, <c>dependentRequired</c> and <c>dependentSchemas</c>; undeclared property names are reported by position, never by name.</summary>
/// <remarks>Stateless: every method reads the compiled keywords from the <see cref="SchemaNode"/> it is given.</remarks>
internal static class ObjectKeywords
{
    internal static bool Evaluate(SchemaNode node, JsonElement instance, EvaluationContext context, SchemaAnnotations? annotations)
    {
        bool valid = true;
        int count = 0;
        char[]? rented = null;
        Span<char> buffer = stackalloc char[128];
        try
        {
            foreach (JsonProperty property in instance.EnumerateObject())
            {
                int ordinal = count++;
                context.AddWork(1);
                if (node.Properties is null && node.PatternProperties is null && node.AdditionalProperties is null && node.PropertyNames is null)
                {
                    continue;
                }

                ReadOnlySpan<char> name = PropertyName(property, ref buffer, ref rented, out string? materialized);
                bool matched = false;
                if (node.Properties is not null && node.PropertyLookup.TryGetValue(name, out SchemaNode? schema))
                {
                    matched = true;
                    if (!EvaluateChild(schema, property, ordinal, declared: true, context))
                    {
                        valid = false;
                        if (SchemaNode.StopEarly(context))
                        {
                            return false;
                        }
                    }
                }

                if (node.PatternProperties is not null)
                {
                    foreach ((Regex pattern, SchemaNode patternSchema) in node.PatternProperties)
                    {
                        if (StringKeywords.IsMatch(node, pattern, name, "patternProperties", context))
                        {
                            matched = true;
                            if (!EvaluateChild(patternSchema, property, ordinal, declared: false, context))
                            {
                                valid = false;
                                if (SchemaNode.StopEarly(context))
                                {
                                    return false;
                                }
                            }
                        }
                    }
                }

                if (!matched && node.AdditionalProperties is not null)
                {
                    matched = true;
                    if (!EvaluateDisallowable(node, node.AdditionalProperties, "additionalProperties", property, ordinal, context))
                    {
                        valid = false;
                        if (SchemaNode.StopEarly(context))
                        {
                            return false;
                        }
                    }
                }

                if (matched && annotations is not null)
                {
                    annotations.AddProperty(materialized ?? name.ToString());
                }

                if (node.PropertyNames is not null && !EvaluatePropertyName(node, name, context))
                {
                    valid = false;
                    if (SchemaNode.StopEarly(context))
                    {
                        return false;
                    }
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }

        if (node.Required is not null)
        {
            foreach (string required in node.Required)
            {
                if (!instance.TryGetProperty(required, out _))
                {
                    valid = false;
                    context.AddError(node, "required", $"the required property '{required}' is missing");
                    if (SchemaNode.StopEarly(context))
                    {
                        return false;
                    }
                }
            }
        }

        if (node.MinProperties is int minProperties && count < minProperties)
        {
            valid = false;
            context.AddError(node, "minProperties", $"must have at least {minProperties} properties");
        }

        if (node.MaxProperties is int maxProperties && count > maxProperties)
        {
            valid = false;
            context.AddError(node, "maxProperties", $"must have at most {maxProperties} properties");
        }

        if (node.DependentRequired is not null)
        {
            foreach ((string property, string[] requiredNames) in node.DependentRequired)
            {
                if (instance.TryGetProperty(property, out _))
                {
                    foreach (string required in requiredNames)
                    {
                        if (!instance.TryGetProperty(required, out _))
                        {
                            valid = false;
                            context.AddError(node, "dependentRequired", $"the property '{required}' is required when '{property}' is present");
                        }
                    }
                }
            }
        }

        if (node.DependentSchemas is not null)
        {
            foreach ((string property, SchemaNode schema) in node.DependentSchemas)
            {
                if (instance.TryGetProperty(property, out _) && !schema.Evaluate(instance, context, annotations))
                {
                    valid = false;
                    if (SchemaNode.StopEarly(context))
                    {
                        return false;
                    }
                }
            }
        }

        return valid;
    }

    /// <summary>Evaluates a property against <c>additionalProperties</c>/<c>unevaluatedProperties</c>, naming the keyword when it is <see langword="false"/>.</summary>
    internal static bool EvaluateDisallowable(SchemaNode node, SchemaNode schema, string keyword, JsonProperty property, int ordinal, EvaluationContext context)
    {
        if (schema.BooleanSchema == false)
        {
            context.PushUndeclared(property, ordinal);
            context.AddError(node, keyword, "this property is not allowed");
            context.Pop();
            return false;
        }

        return EvaluateChild(schema, property, ordinal, declared: false, context);
    }

    internal static bool EvaluateChild(SchemaNode schema, JsonProperty property, int ordinal, bool declared, EvaluationContext context)
    {
        if (declared)
        {
            context.PushDeclared(property);
        }
        else
        {
            context.PushUndeclared(property, ordinal);
        }

        bool ok = schema.Evaluate(property.Value, context, null);
        context.Pop();
        return ok;
    }

    private static bool EvaluatePropertyName(SchemaNode node, ReadOnlySpan<char> name, EvaluationContext context)
    {
        var output = new ArrayBufferWriter<byte>(name.Length + 8);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStringValue(name);
        }

        using JsonDocument document = JsonDocument.Parse(output.WrittenMemory);
        List<JsonSchemaValidationError>? errors = context.Errors;
        context.Errors = null;
        context.SuspendMemo();
        bool ok;
        try
        {
            ok = node.PropertyNames!.Evaluate(document.RootElement, context, null);
        }
        finally
        {
            context.ResumeMemo();
            context.Errors = errors;
        }

        if (!ok)
        {
            context.AddError(node, "propertyNames", "a property name does not match the 'propertyNames' schema");
        }

        return ok;
    }

    private static ReadOnlySpan<char> PropertyName(JsonProperty property, ref Span<char> buffer, ref char[]? rented, out string? materialized)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.IndexOf((byte)'\\') >= 0)
        {
            materialized = property.Name;
            return materialized;
        }

        materialized = null;
        if (raw.Length > buffer.Length)
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }

            rented = ArrayPool<char>.Shared.Rent(raw.Length);
            buffer = rented;
        }

        int written = Encoding.UTF8.GetChars(raw, buffer);
        return buffer[..written];
    }

    /// <summary>Compiles <c>minProperties</c>, <c>maxProperties</c>, <c>required</c>, <c>properties</c>, <c>patternProperties</c>, <c>additionalProperties</c>, <c>propertyNames</c>, <c>dependentRequired</c>, <c>dependentSchemas</c> and draft 7 <c>dependencies</c>; returns whether <paramref name="keyword"/> belongs to this family in the schema's dialect.</summary>
    internal static bool Compile(KeywordSite site, JsonProperty keyword, string at)
    {
        SchemaNode node = site.Node;
        JsonElement value = keyword.Value;
        switch (keyword.Name)
        {
            case "minProperties":
                node.MinProperties = KeywordValues.Count(value, at);
                return true;
            case "maxProperties":
                node.MaxProperties = KeywordValues.Count(value, at);
                return true;
            case "required":
                node.Required = KeywordValues.Strings(value, at);
                return true;
            case "properties":
                node.SetProperties(site.Map(keyword).ToDictionary(p => p.Name, p => p.Schema, StringComparer.Ordinal));
                return true;
            case "patternProperties":
                node.PatternProperties = [.. site.Map(keyword).Select(p => (site.Regex(p.Name, at), p.Schema))];
                return true;
            case "additionalProperties":
                node.AdditionalProperties = site.Child("/additionalProperties");
                return true;
            case "propertyNames":
                node.PropertyNames = site.Child("/propertyNames");
                return true;
            case "dependentRequired" when !site.Draft7:
                node.DependentRequired = [.. value.EnumerateObject().Select(p => (p.Name, KeywordValues.Strings(p.Value, at)))];
                return true;
            case "dependentSchemas" when !site.Draft7:
                node.DependentSchemas = [.. site.Map(keyword)];
                return true;
            case "dependencies" when site.Draft7:
                CompileDependencies(site, value, at);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Splits draft 7 <c>dependencies</c> into its two 2019-09 successors: arrays become <c>dependentRequired</c>, schemas <c>dependentSchemas</c>.</summary>
    private static void CompileDependencies(KeywordSite site, JsonElement value, string at)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new JsonSchemaException("'dependencies' must be an object.", at);
        }

        var required = new List<(string, string[])>();
        var schemas = new List<(string, SchemaNode)>();
        foreach (JsonProperty dependency in value.EnumerateObject())
        {
            if (dependency.Value.ValueKind == JsonValueKind.Array)
            {
                required.Add((dependency.Name, KeywordValues.Strings(dependency.Value, at)));
            }
            else
            {
                schemas.Add((dependency.Name, site.Child("/dependencies/" + SchemaUri.Escape(dependency.Name))));
            }
        }

        site.Node.DependentRequired = required.Count > 0 ? [.. required] : null;
        site.Node.DependentSchemas = schemas.Count > 0 ? [.. schemas] : null;
    }
}
