using System.Text.Json;
using System.Text.RegularExpressions;

namespace Compliant.AI.Tests.Contract;

/// <summary>Qdrant's OpenAPI document (<c>../shared/data/qdrant-openapi/openapi-v1.19.x.json</c>): operations and their schemas.</summary>
public sealed class QdrantOpenApiSpec
{
    public const string DatasetName = "qdrant-openapi";
    public const string FileName = "openapi-v1.19.x.json";

    private static readonly Lazy<QdrantOpenApiSpec?> Shared = new(() =>
    {
        string? folder = Datasets.Find(DatasetName);
        return folder is null ? null : new QdrantOpenApiSpec(File.ReadAllText(Path.Combine(folder, FileName)));
    });

    private readonly List<(Regex Pattern, int Literals, string Template)> _paths = [];

    public QdrantOpenApiSpec(string json)
    {
        Document = JsonDocument.Parse(json).RootElement.Clone();
        StrictValidator = new OpenApiSchemaValidator(Document, strict: true);
        LenientValidator = new OpenApiSchemaValidator(Document, strict: false);
        foreach (JsonProperty path in Document.GetProperty("paths").EnumerateObject())
        {
            string[] segments = path.Name.Trim('/').Split('/');
            string pattern = "^/" + string.Join("/", segments.Select(s => s.StartsWith('{') ? "[^/]+" : Regex.Escape(s))) + "$";
            _paths.Add((new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), segments.Count(s => !s.StartsWith('{')), path.Name));
        }
    }

    /// <summary>Gets the spec when the dataset is present, else <see langword="null"/>.</summary>
    public static QdrantOpenApiSpec? Load() => Shared.Value;

    public JsonElement Document { get; }

    public OpenApiSchemaValidator StrictValidator { get; }

    public OpenApiSchemaValidator LenientValidator { get; }

    public string Version => Document.GetProperty("info").GetProperty("version").GetString()!;

    public bool HasPath(string template) => Document.GetProperty("paths").TryGetProperty(template, out _);

    /// <summary>Finds the operation for a method and a concrete path (the template with the most literal segments wins).</summary>
    public SpecOperation? FindOperation(string method, string path)
    {
        foreach ((Regex pattern, int _, string template) in _paths.Where(p => p.Pattern.IsMatch(path)).OrderByDescending(p => p.Literals))
        {
            if (Document.GetProperty("paths").GetProperty(template).TryGetProperty(method.ToLowerInvariant(), out JsonElement operation))
            {
                return new SpecOperation(template, method.ToUpperInvariant(), operation);
            }
        }

        return null;
    }

    public JsonElement Schema(string name) => Document.GetProperty("components").GetProperty("schemas").GetProperty(name);
}

/// <summary>One operation of the spec.</summary>
public sealed record SpecOperation(string PathTemplate, string Method, JsonElement Operation)
{
    public string OperationId => Operation.GetProperty("operationId").GetString()!;

    public JsonElement? RequestSchema =>
        Operation.TryGetProperty("requestBody", out JsonElement body) ? body.GetProperty("content").GetProperty("application/json").GetProperty("schema") : null;

    /// <summary>The response schema for a status code: the exact code, else <c>4XX</c>/<c>5XX</c>, else <c>default</c>.</summary>
    public JsonElement? ResponseSchema(int statusCode)
    {
        JsonElement responses = Operation.GetProperty("responses");
        foreach (string key in new[] { statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{statusCode / 100}XX", "default" })
        {
            if (responses.TryGetProperty(key, out JsonElement response) && response.TryGetProperty("content", out JsonElement content))
            {
                return content.GetProperty("application/json").GetProperty("schema");
            }
        }

        return null;
    }

    /// <summary>The schema of a declared query parameter, or <see langword="null"/> when the operation does not declare it.</summary>
    public JsonElement? QueryParameter(string name)
    {
        if (!Operation.TryGetProperty("parameters", out JsonElement parameters))
        {
            return null;
        }

        foreach (JsonElement parameter in parameters.EnumerateArray())
        {
            if (parameter.GetProperty("in").GetString() == "query" && parameter.GetProperty("name").GetString() == name)
            {
                return parameter.GetProperty("schema");
            }
        }

        return null;
    }
}
