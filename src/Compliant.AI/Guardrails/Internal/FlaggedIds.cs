namespace Compliant.AI.Guardrails.Internal;

/// <summary>Which untrusted text a check is about: the ids of a retrieved passage or of a tool call, never its text.</summary>
internal readonly record struct FlaggedOrigin(string? DocumentId = null, string? ChunkId = null, string? FunctionName = null, string? CallId = null);

/// <summary>
/// The ids of the texts one screening flagged (passages of one retrieval, or the tool results of one request), distinct
/// and bounded (<see cref="MaxIds"/> per kind), for the verdict's details and the span: document and chunk ids for
/// passages, function names and call ids for tool results. Ids of approved documents and tool calls are not personal data.
/// </summary>
internal sealed class FlaggedIds(PromptInjectionSource source)
{
    /// <summary>How many distinct ids of each kind are kept; more set <c>flagged_truncated</c>.</summary>
    public const int MaxIds = 10;

    public const string DocumentsKey = "flagged_documents";
    public const string ChunksKey = "flagged_chunks";
    public const string FunctionsKey = "flagged_functions";
    public const string CallsKey = "flagged_calls";
    public const string TruncatedKey = "flagged_truncated";

    private readonly List<string> _first = [];
    private readonly List<string> _second = [];
    private bool _truncated;

    public PromptInjectionSource Source { get; } = source;

    public void Add(FlaggedOrigin origin)
    {
        if (Source == PromptInjectionSource.Document)
        {
            Add(_first, origin.DocumentId);
            Add(_second, origin.ChunkId);
        }
        else
        {
            Add(_first, origin.FunctionName);
            Add(_second, origin.CallId);
        }
    }

    /// <summary>Gets the verdict's details: comma-separated ids per kind (kinds without ids are left out), and <c>flagged_truncated</c> = <c>true</c> when ids were left out.</summary>
    public Dictionary<string, string>? Details()
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        (string firstKey, string secondKey) = Source == PromptInjectionSource.Document ? (DocumentsKey, ChunksKey) : (FunctionsKey, CallsKey);
        if (_first.Count > 0)
        {
            details[firstKey] = string.Join(",", _first);
        }

        if (_second.Count > 0)
        {
            details[secondKey] = string.Join(",", _second);
        }

        if (_truncated)
        {
            details[TruncatedKey] = "true";
        }

        return details.Count > 0 ? details : null;
    }

    private void Add(List<string> ids, string? id)
    {
        if (string.IsNullOrEmpty(id) || ids.Contains(id, StringComparer.Ordinal))
        {
            return;
        }

        if (ids.Count >= MaxIds)
        {
            _truncated = true;
            return;
        }

        ids.Add(id);
    }
}
