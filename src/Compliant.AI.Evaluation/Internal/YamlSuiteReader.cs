using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Compliant.AI.Evaluation.Internal;

/// <summary>
/// Reads a YAML suite file into the JSON document <see cref="EvaluationSuite.Parse"/> takes: mappings become objects,
/// sequences arrays; an unquoted scalar is <c>null</c>, a boolean or a number when it reads as one under the YAML 1.2
/// core schema, any quoted scalar stays a string.
/// </summary>
internal static partial class YamlSuiteReader
{
    /// <summary>Gets whether <paramref name="path"/> names a YAML file (<c>.yaml</c> or <c>.yml</c>).</summary>
    public static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Converts a YAML suite to JSON text.</summary>
    /// <exception cref="EvaluationSuiteException">The YAML is malformed, holds more than one document or repeats a key; the message gives the line, never the file's content.</exception>
    public static string ToJson(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"the suite is not valid YAML (line {ex.Start.Line})"), ex);
        }

        if (stream.Documents.Count != 1)
        {
            throw new EvaluationSuiteException("the suite must be one YAML document");
        }

        return Convert(stream.Documents[0].RootNode)?.ToJsonString() ?? "null";
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Children)
                {
                    if (entry.Key is not YamlScalarNode { Value: { } key })
                    {
                        throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"the suite has a key that is not a plain value (line {entry.Key.Start.Line})"));
                    }

                    if (obj.ContainsKey(key))
                    {
                        throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"the suite repeats the key '{key}' (line {entry.Key.Start.Line})"));
                    }

                    obj[key] = Convert(entry.Value);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (YamlNode item in sequence.Children)
                {
                    array.Add(Convert(item));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"the suite has an unsupported YAML node (line {node.Start.Line})"));
        }
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        string value = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
