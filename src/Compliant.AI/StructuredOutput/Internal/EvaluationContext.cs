using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>The per-call state of one validation: the instance path, the errors so far and the dynamic scope.</summary>
internal sealed class EvaluationContext(int maxErrors, bool collectAnnotations, bool includeValues)
{
    public const int MaxEvaluationDepth = 512;

    private readonly List<(JsonProperty? Property, int Index)> _path = [];

    /// <summary>Gets or sets the error sink; <see langword="null"/> while evaluating a branch whose errors are not reported (anyOf, not, if, ...).</summary>
    public List<JsonSchemaValidationError>? Errors { get; set; }

    public int MaxErrors { get; } = maxErrors;

    public bool CollectAnnotations { get; } = collectAnnotations;

    public bool IncludeValues { get; } = includeValues;

    public int Depth { get; set; }

    /// <summary>Gets the resources entered so far, outermost first (the dynamic scope of <c>$dynamicRef</c>).</summary>
    public List<SchemaResource> DynamicScope { get; } = [];

    public bool Full => Errors is not null && Errors.Count >= MaxErrors;

    public void Push(JsonProperty property) => _path.Add((property, -1));

    public void Push(int index) => _path.Add((null, index));

    public void Pop() => _path.RemoveAt(_path.Count - 1);

    public void AddError(SchemaNode node, string keyword, string message, JsonElement instance = default)
    {
        if (Errors is null || Errors.Count >= MaxErrors)
        {
            return;
        }

        if (IncludeValues && instance.ValueKind != JsonValueKind.Undefined)
        {
            string raw = instance.GetRawText();
            message += " (value: " + (raw.Length > 200 ? raw[..200] + "…" : raw) + ")";
        }

        Errors.Add(new JsonSchemaValidationError(InstancePath(), node.Location + "/" + keyword, keyword, message));
    }

    public string InstancePath()
    {
        if (_path.Count == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        foreach ((JsonProperty? property, int index) in _path)
        {
            sb.Append('/');
            if (property is not JsonProperty { Name: string name })
            {
                sb.Append(index.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
            }
        }

        return sb.ToString();
    }
}
