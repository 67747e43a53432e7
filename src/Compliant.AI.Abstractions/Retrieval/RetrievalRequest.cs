namespace Compliant.AI;

/// <summary>A query for an <see cref="IRetriever"/>.</summary>
public sealed class RetrievalRequest
{
    /// <summary>Initializes a new instance of the <see cref="RetrievalRequest"/> class.</summary>
    /// <param name="query">The query text.</param>
    /// <param name="caller">Who is asking; only passages this caller may read are returned.</param>
    public RetrievalRequest(string query, CallerContext caller)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(caller);
        Query = query;
        Caller = caller;
    }

    /// <summary>Gets the query text.</summary>
    public string Query { get; }

    /// <summary>Gets the caller whose access rights apply.</summary>
    public CallerContext Caller { get; }

    /// <summary>Gets or sets how many passages to return at most.</summary>
    /// <value>The default is 5.</value>
    public int TopK { get; set; } = 5;

    /// <summary>Gets or sets metadata filters every passage must match exactly (for example <c>classification</c>).</summary>
    public IReadOnlyDictionary<string, string>? Filters { get; set; }
}
