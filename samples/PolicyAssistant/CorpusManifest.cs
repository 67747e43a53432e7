namespace PolicyAssistant;

/// <summary>
/// What the saved index was built from, written beside it by every ingest: the next <c>ask</c> answers from the same
/// folder with the same rules, and rebuilds only when the folder's files changed.
/// </summary>
public sealed record CorpusManifest
{
    /// <summary>Gets the policy folder (absolute).</summary>
    public required string Folder { get; init; }

    /// <summary>Gets a value indicating whether the folder is the sample's bundled corpus.</summary>
    public bool Bundled { get; init; }

    /// <summary>Gets the principal given to documents without access rules, or <see langword="null"/>.</summary>
    public string? DefaultAcl { get; init; }

    /// <summary>Gets the exclude globs in force besides the defaults.</summary>
    public string[] Exclude { get; init; } = [];

    /// <summary>Gets the fingerprint of the selected files' names and contents and of the rules above.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Gets the ids of the ingested documents.</summary>
    public string[] DocumentIds { get; init; } = [];

    /// <summary>Gets how many documents declared no access rules.</summary>
    public int WithoutAcl { get; init; }

    /// <summary>Gets how many chunks the index holds.</summary>
    public int Chunks { get; init; }
}
