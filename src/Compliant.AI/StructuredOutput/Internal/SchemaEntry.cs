using System.Text.Json;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>A subschema found by discovery (<see cref="SchemaRegistry"/>): its JSON, the resource and pointer it lives at, and its node once compiled.</summary>
internal sealed class SchemaEntry(JsonElement element, SchemaResource resource, string pointer, bool isResourceRoot)
{
    public JsonElement Element { get; } = element;

    public SchemaResource Resource { get; } = resource;

    public string Pointer { get; } = pointer;

    public bool IsResourceRoot { get; } = isResourceRoot;

    public SchemaNode? Node { get; set; }
}
