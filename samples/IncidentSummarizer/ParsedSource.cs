namespace IncidentSummarizer;

/// <summary>A source read back from the prompt: its id (<c>S3</c>), title and text.</summary>
internal sealed record ParsedSource(string Id, string Title, string Text)
{
    /// <summary>Gets the event as the heuristic reads it (kind and source come from the title <c>id | kind | source</c>).</summary>
    public EventView View
    {
        get
        {
            string[] parts = Title.Split(" | ");
            return new EventView(parts.Length > 0 ? parts[0] : Id, parts.Length > 1 ? parts[1] : "log", parts.Length > 2 ? parts[2] : string.Empty, Text);
        }
    }
}
