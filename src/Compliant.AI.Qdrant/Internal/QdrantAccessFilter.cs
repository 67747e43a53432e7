using System.Buffers;
using Qdrant.Client.Grpc;

namespace Compliant.AI.Internal;

/// <summary>Builds the payload filters Compliant.AI sends to Qdrant (as <c>Qdrant.Client.Grpc</c> messages).</summary>
/// <remarks>
/// The access rule: a point is readable when its <c>acl</c> payload array contains <see cref="PrincipalNames.Everyone"/>
/// or any of the caller's principals. Inside Qdrant that is one <c>match { keywords { strings: [...] } }</c> condition on
/// the keyword-indexed <c>acl</c> field, so its cost follows the index, not the number of groups. The store checks every
/// point Qdrant returns again with <see cref="ChunkSearchFilter.Allows(DocumentChunk)"/> (post-check).
/// </remarks>
internal static class QdrantAccessFilter
{
    public const string AclField = ChunkFields.AllowedPrincipals;
    public const string DocumentIdField = ChunkFields.DocumentId;
    public const string MetadataField = "metadata";

    private static readonly SearchValues<char> MetadataKeyChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    /// <summary>The principals of the filter (always including <see cref="PrincipalNames.Everyone"/>), distinct and ordinal-sorted.</summary>
    public static string[] PrincipalsOf(ChunkSearchFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        string[] principals = [.. filter.Principals];
        if (!filter.Principals.Contains(PrincipalNames.Everyone))
        {
            principals = [.. principals, PrincipalNames.Everyone];
        }

        Array.Sort(principals, StringComparer.Ordinal);
        return principals;
    }

    /// <summary>The filter for a query or a caller-scoped scroll: the access condition plus one exact match per field filter.</summary>
    public static Filter ForCaller(ChunkSearchFilter filter, string? documentId = null)
    {
        var result = new Filter();
        result.Must.Add(MatchAny(AclField, PrincipalsOf(filter)));
        if (documentId is not null)
        {
            result.Must.Add(MatchValue(DocumentIdField, documentId));
        }

        if (filter.Fields is not null)
        {
            foreach (KeyValuePair<string, string> field in filter.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                result.Must.Add(MatchValue(PayloadKeyOf(field.Key), field.Value));
            }
        }

        return result;
    }

    /// <summary>The filter that selects every point of one document.</summary>
    public static Filter ForDocument(string documentId)
    {
        var result = new Filter();
        result.Must.Add(MatchValue(DocumentIdField, documentId));
        return result;
    }

    /// <summary>The filter that selects the points of one document except the given ones (its stale chunks after re-ingestion).</summary>
    public static Filter ForDocumentExcept(string documentId, IReadOnlyList<string> keepPointIds)
    {
        Filter result = ForDocument(documentId);
        if (keepPointIds.Count > 0)
        {
            var hasId = new HasIdCondition();
            foreach (string id in keepPointIds)
            {
                hasId.HasId.Add(new PointId { Uuid = id });
            }

            result.MustNot.Add(new Condition { HasId = hasId });
        }

        return result;
    }

    /// <summary>Maps a <see cref="ChunkFields"/> name to its payload key: the known fields as they are, others under <c>metadata</c>.</summary>
    /// <exception cref="ArgumentException">A metadata key has characters Qdrant's key path syntax would misread.</exception>
    public static string PayloadKeyOf(string field) => field switch
    {
        ChunkFields.DocumentId or ChunkFields.Classification or ChunkFields.Version or ChunkFields.Source or ChunkFields.Title => field,
        _ when field.Length > 0 && !field.AsSpan().ContainsAnyExcept(MetadataKeyChars) => MetadataField + "." + field,
        _ => throw new ArgumentException("A metadata filter key may contain only ASCII letters, digits, '_' and '-' to be filtered in Qdrant.", nameof(field)),
    };

    private static Condition MatchValue(string key, string value) =>
        new() { Field = new FieldCondition { Key = key, Match = new Match { Keyword = value } } };

    private static Condition MatchAny(string key, IEnumerable<string> values)
    {
        var keywords = new RepeatedStrings();
        keywords.Strings.Add(values);
        return new Condition { Field = new FieldCondition { Key = key, Match = new Match { Keywords = keywords } } };
    }
}
