extern alias JsonSchemaNet;

using System.Text.Json;
using JsonSchemaNet::Json.Schema;

namespace Compliant.AI.Tests.StructuredOutput;

/// <summary>Runs JsonSchema.Net 8.0.5 (the engine measured beside ours) on the same suite, for the decision table in docs/structured-output.md.</summary>
internal static class JsonSchemaNetAdapter
{
    /// <summary>Compiles with a registry of its own per schema (the suite reuses <c>$id</c>s), the suite's remotes registered in it.</summary>
    public static Func<string, bool> Factory(string schemaJson, IReadOnlyDictionary<string, string> remotes, JsonSchemaDialect dialect)
    {
        var registry = new SchemaRegistry();
        var build = new BuildOptions
        {
            SchemaRegistry = registry,
            Dialect = dialect == JsonSchemaDialect.Draft7 ? Dialect.Draft07 : Dialect.Draft202012,
        };
        foreach ((string uri, string json) in remotes)
        {
            try
            {
                _ = JsonSchemaNet::Json.Schema.JsonSchema.FromText(json, build, new Uri(uri));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // a remote it cannot build fails only the tests that reference it
            }
        }

        JsonSchemaNet::Json.Schema.JsonSchema schema = JsonSchemaNet::Json.Schema.JsonSchema.FromText(schemaJson, build);
        var evaluation = new EvaluationOptions { OutputFormat = OutputFormat.Flag };
        return instance =>
        {
            using JsonDocument d = JsonDocument.Parse(instance);
            return schema.Evaluate(d.RootElement, evaluation).IsValid;
        };
    }
}
