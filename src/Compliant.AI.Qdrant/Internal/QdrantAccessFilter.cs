using Compliant.AI.Internal.Wire;

namespace Compliant.AI.Internal;

/// <summary>Builds the payload filters Compliant.AI sends to Qdrant and checks returned points against the same rules.</summary>
/// <remarks>
/// The access rule: a point is readable when its <c>acl</c> payload array contains <see cref="PrincipalNames.Everyone"/>
/// or any of the caller's principals. Inside Qdrant that is one <c>match: { any: [...] }</c> condition on the keyword-indexed
/// <c>acl</c> field, so it scales with the index rather than with the number of groups; <see cref="IsReadableBy"/> is the
/// post-check applied to every point Qdrant returns, so a server that ignored the filter still leaks nothing.
/// </remarks>
internal static class QdrantAccessFilter
{
    public const string AclField = "acl";
    public const string DocumentIdField = "document_id";
    public const string ChunkIdField = "chunk_id";
    public const string ClassificationField = "classification";
    public const string MetadataField = "metadata";

    /// <summary>Returns the caller's principals plus <see cref="PrincipalNames.Everyone"/>, distinct, in a stable order.</summary>
    public static string[] PrincipalsOf(CallerContext caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var set = new HashSet<string>(StringComparer.Ordinal) { PrincipalNames.Everyone };
        var list = new List<string> { PrincipalNames.Everyone };
        foreach (string principal in caller.Principals)
        {
            if (set.Add(principal))
            {
                list.Add(principal);
            }
        }

        return [.. list];
    }

    /// <summary>The filter for a query: the access condition plus one exact-match condition per metadata filter.</summary>
    public static Filter ForQuery(CallerContext caller, IReadOnlyDictionary<string, string>? filters)
    {
        var must = new List<Condition> { Condition.MatchAny(AclField, PrincipalsOf(caller)) };
        if (filters is not null)
        {
            foreach (KeyValuePair<string, string> filter in filters.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                must.Add(Condition.MatchValue(PayloadKeyOf(filter.Key), filter.Value));
            }
        }

        return new Filter { Must = must };
    }

    /// <summary>The filter that selects every point of one document.</summary>
    public static Filter ForDocument(string documentId) =>
        new() { Must = [Condition.MatchValue(DocumentIdField, documentId)] };

    /// <summary>The filter that selects the points of one document except the given ones (its stale chunks after re-ingestion).</summary>
    public static Filter ForDocumentExcept(string documentId, IReadOnlyList<string> keepPointIds) =>
        keepPointIds.Count == 0
            ? ForDocument(documentId)
            : new Filter { Must = [Condition.MatchValue(DocumentIdField, documentId)], MustNot = [Condition.HasIds(keepPointIds)] };

    /// <summary>Maps a request filter key to its payload key: the known top-level fields as they are, others under <c>metadata</c>.</summary>
    public static string PayloadKeyOf(string key) => key switch
    {
        ClassificationField or DocumentIdField or ChunkIdField or "title" or "source" or "section_path" or "version" => key,
        _ => MetadataField + "." + key,
    };

    /// <summary>The post-check: whether the caller may read a point with this access list.</summary>
    public static bool IsReadableBy(IReadOnlyList<string>? acl, IReadOnlySet<string> principals)
    {
        if (acl is null)
        {
            return false; // Fail closed: a point without an access list is readable by nobody.
        }

        foreach (string entry in acl)
        {
            if (principals.Contains(entry))
            {
                return true;
            }
        }

        return false;
    }
}
