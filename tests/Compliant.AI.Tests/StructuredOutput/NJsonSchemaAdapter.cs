using NJsonSchema;
using NJsonSchema.Generation;
using NJsonSchema.References;

namespace Compliant.AI.Tests.StructuredOutput;

/// <summary>Runs NJsonSchema (the alternative engine) on the same suite, for the comparison table in docs/structured-output.md.</summary>
internal static class NJsonSchemaAdapter
{
    public static Func<string, bool> Factory(string schemaJson, IReadOnlyDictionary<string, string> remotes, JsonSchemaDialect dialect)
    {
        _ = dialect;
        JsonSchema schema = JsonSchema.FromJsonAsync(
            schemaJson,
            documentPath: null,
            referenceResolverFactory: s => new RegistryResolver(s, remotes)).GetAwaiter().GetResult();
        return instance => schema.Validate(instance).Count == 0;
    }

    private sealed class RegistryResolver(JsonSchema root, IReadOnlyDictionary<string, string> remotes)
        : JsonReferenceResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
    {
        public override async Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default) =>
            remotes.TryGetValue(url, out string? json)
                ? await JsonSchema.FromJsonAsync(json, url, s => new RegistryResolver(s, remotes), cancellationToken)
                : throw new InvalidOperationException("remote schema not in the registry");

        public override Task<IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("file references are not used");
    }
}
