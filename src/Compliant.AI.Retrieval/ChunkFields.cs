namespace Compliant.AI;

/// <summary>Names of the chunk fields that <see cref="RetrievalRequest.Filters"/> and <see cref="ChunkSearchFilter"/> can match.</summary>
public static class ChunkFields
{
    /// <summary>The document id.</summary>
    public const string DocumentId = "document_id";

    /// <summary>The classification label.</summary>
    public const string Classification = "classification";

    /// <summary>The document version label.</summary>
    public const string Version = "version";

    /// <summary>The source URI.</summary>
    public const string Source = "source";

    /// <summary>The document title.</summary>
    public const string Title = "title";

    /// <summary>The access-control list (principal names); stores index it for the pre-filter.</summary>
    public const string AllowedPrincipals = "acl";
}
