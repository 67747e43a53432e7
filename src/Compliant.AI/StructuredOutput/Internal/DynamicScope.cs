namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>
/// What the dynamic scope of a <c>$dynamicRef</c> resolves to: for each <c>$dynamicAnchor</c> name, the subschema of the
/// outermost resource entered so far that declares it.
/// </summary>
/// <remarks>
/// Entering a resource only adds bindings for names not bound yet (the outermost wins), so a scope is identified by its
/// bindings, not by the whole stack of resources: evaluations in scopes with equal bindings are interchangeable, and
/// <see cref="Id"/> is part of the memoization key. Scopes are interned per validation, so their number depends on the
/// schema only, never on the instance.
/// </remarks>
internal sealed class DynamicScope
{
    private readonly Dictionary<string, SchemaNode>? _bindings;
    private Dictionary<SchemaResource, DynamicScope>? _transitions;

    private DynamicScope(int id, Dictionary<string, SchemaNode>? bindings)
    {
        Id = id;
        _bindings = bindings;
    }

    public int Id { get; }

    public static DynamicScope CreateRoot() => new(0, null);

    /// <summary>Returns the scope after entering <paramref name="resource"/> (this one when it binds nothing new).</summary>
    public DynamicScope Enter(SchemaResource resource, ref int nextId)
    {
        if (resource.DynamicAnchors.Count == 0)
        {
            return this;
        }

        if (_transitions is not null && _transitions.TryGetValue(resource, out DynamicScope? known))
        {
            return known;
        }

        Dictionary<string, SchemaNode>? bindings = null;
        foreach ((string name, SchemaNode node) in resource.DynamicAnchors)
        {
            if (_bindings is not null && _bindings.ContainsKey(name))
            {
                continue;
            }

            bindings ??= _bindings is null ? new(StringComparer.Ordinal) : new(_bindings, StringComparer.Ordinal);
            bindings[name] = node;
        }

        DynamicScope next = bindings is null ? this : new DynamicScope(++nextId, bindings);
        (_transitions ??= []).Add(resource, next);
        return next;
    }

    public bool TryResolve(string anchor, out SchemaNode node)
    {
        if (_bindings is not null && _bindings.TryGetValue(anchor, out SchemaNode? bound))
        {
            node = bound;
            return true;
        }

        node = null!;
        return false;
    }
}
