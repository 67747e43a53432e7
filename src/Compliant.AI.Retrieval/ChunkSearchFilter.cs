using System.Collections.Frozen;
using System.Runtime.CompilerServices;

namespace Compliant.AI;

/// <summary>
/// What a store query must be restricted to: the caller's principals (access control) and exact-match metadata filters.
/// </summary>
/// <remarks>
/// <para>
/// Stores apply the filter inside the query (pre-filter) and retrievers check every returned chunk again with
/// <see cref="Allows"/> (post-check). A chunk is readable when its access-control list contains
/// <see cref="PrincipalNames.Everyone"/> or any of <see cref="Principals"/>.
/// </para>
/// <para>Instances are immutable and thread-safe. The principals are identifiers of a person: never log or trace them.</para>
/// </remarks>
public sealed class ChunkSearchFilter
{
    private static readonly ConditionalWeakTable<CallerContext, FrozenSet<string>> PrincipalCache = [];
    private static readonly FrozenSet<string> EveryoneOnly = new[] { PrincipalNames.Everyone }.ToFrozenSet(StringComparer.Ordinal);

    private ChunkSearchFilter(FrozenSet<string> principals, IReadOnlyDictionary<string, string>? fields)
    {
        Principals = principals;
        Fields = fields is { Count: > 0 } ? fields : null;
    }

    /// <summary>Gets the principals the caller acts as, always including <see cref="PrincipalNames.Everyone"/>.</summary>
    public IReadOnlySet<string> Principals { get; }

    /// <summary>Gets the exact-match field filters (see <see cref="ChunkFields"/>), or <see langword="null"/> when there are none.</summary>
    public IReadOnlyDictionary<string, string>? Fields { get; }

    /// <summary>Creates the filter for a caller and optional field filters.</summary>
    /// <param name="caller">The caller whose access rights apply.</param>
    /// <param name="fields">Exact-match field filters, for example from <see cref="RetrievalRequest.Filters"/>.</param>
    /// <returns>The filter.</returns>
    public static ChunkSearchFilter ForCaller(CallerContext caller, IReadOnlyDictionary<string, string>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        FrozenSet<string> principals = PrincipalCache.GetValue(caller, static c =>
        {
            if (c.UserId is null && c.Groups.Count == 0)
            {
                return EveryoneOnly;
            }

            return c.Principals.Append(PrincipalNames.Everyone).ToFrozenSet(StringComparer.Ordinal);
        });
        return new ChunkSearchFilter(principals, fields);
    }

    /// <summary>Creates the filter for a request: its caller and its <see cref="RetrievalRequest.Filters"/>.</summary>
    /// <param name="request">The retrieval request.</param>
    /// <returns>The filter.</returns>
    public static ChunkSearchFilter ForRequest(RetrievalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ForCaller(request.Caller, request.Filters);
    }

    /// <summary>Returns whether the caller may read the chunk (access control only).</summary>
    /// <param name="chunk">The chunk.</param>
    /// <returns><see langword="true"/> when the chunk's access-control list names <see cref="PrincipalNames.Everyone"/> or one of the caller's principals.</returns>
    public bool IsReadable(DocumentChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return IsReadable(chunk.AllowedPrincipals);
    }

    /// <summary>Returns whether an access-control list lets the caller read.</summary>
    /// <param name="allowedPrincipals">The access-control list.</param>
    /// <returns><see langword="true"/> when it names <see cref="PrincipalNames.Everyone"/> or one of the caller's principals.</returns>
    public bool IsReadable(IReadOnlyList<string> allowedPrincipals)
    {
        ArgumentNullException.ThrowIfNull(allowedPrincipals);
        for (int i = 0; i < allowedPrincipals.Count; i++)
        {
            if (Principals.Contains(allowedPrincipals[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns whether the chunk matches every field filter (ignores access control).</summary>
    /// <param name="chunk">The chunk.</param>
    /// <returns><see langword="true"/> when every filter matches exactly (ordinal).</returns>
    public bool MatchesFields(DocumentChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (Fields is null)
        {
            return true;
        }

        foreach (KeyValuePair<string, string> filter in Fields)
        {
            if (!string.Equals(chunk.GetField(filter.Key), filter.Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns whether the chunk may be returned: readable by the caller and matching every field filter.</summary>
    /// <param name="chunk">The chunk.</param>
    /// <returns><see langword="true"/> when the chunk passes both checks.</returns>
    public bool Allows(DocumentChunk chunk) => IsReadable(chunk) && MatchesFields(chunk);
}
