using NJsonSchema;
using NJsonSchema.Generation;
using NJsonSchema.References;

namespace Compliant.AI.Tests.StructuredOutput;

/// <summary>Runs NJsonSchema (the alternative engine) on the same suite, for the comparison table in docs/structured-output.md.</summary>
internal static class NJsonSchemaAdapter
{
    /// <summary>Suite files on which NJsonSchema 11.6.2 overflows the stack (killing the process), found by running each file in its own process; they count as failed.</summary>
    public static readonly HashSet<string> CrashingFiles = ["draft2020-12/refRemote.json", "draft7/refRemote.json"];

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
        // Remote documents are loaded once each, without resolving their own remote references again: NJsonSchema's
        // resolver otherwise recurses without end (a stack overflow that kills the test host) on the suite's remotes.
        public override async Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default) =>
            remotes.TryGetValue(url, out string? json)
                ? await JsonSchema.FromJsonAsync(json, url, s => new NoRemoteResolver(s), cancellationToken)
                : throw new InvalidOperationException("remote schema not in the registry");

        public override Task<IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("file references are not used");
    }

    private sealed class NoRemoteResolver(JsonSchema root)
        : JsonReferenceResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
    {
        public override Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("nested remote references are not followed");

        public override Task<IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("file references are not used");
    }
}
