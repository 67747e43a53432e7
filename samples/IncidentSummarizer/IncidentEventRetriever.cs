using Compliant.AI;

namespace IncidentSummarizer;

/// <summary>
/// The grounding stage's <see cref="IRetriever"/>: every event of the incident being summarized is one passage, in
/// time order (the first event is <c>[S1]</c>). The incident is set per call with <see cref="Use"/>, so one pipeline
/// serves any number of incidents, one at a time per async flow.
/// </summary>
/// <remarks>
/// The passage is the event's text exactly as the summary may show it: when restoration is off the app hands in the
/// redacted events, so the grounding stage checks the model's answer (which holds placeholders) against the same
/// redacted text.
/// </remarks>
public sealed class IncidentEventRetriever : IRetriever
{
    private static readonly AsyncLocal<IReadOnlyList<IncidentEvent>?> Current = new();

    /// <summary>Makes <paramref name="events"/> the sources of the calls in the current async flow.</summary>
    public static void Use(IReadOnlyList<IncidentEvent> events) => Current.Value = events;

    /// <summary>Formats a passage title: <c>id | kind | source</c> (the offline summarizer reads kind and source from it).</summary>
    public static string Title(IncidentEvent e) => $"{e.Id} | {e.Kind} | {e.Source}";

    public Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<IncidentEvent> events = Current.Value ?? [];

        // Every event is evidence; the score only keeps time order (grounding numbers sources best first).
        RetrievedPassage[] passages = events.Select((e, i) => new RetrievedPassage
        {
            ChunkId = e.Id,
            DocumentId = e.Id,
            Title = Title(e),
            Source = null,
            Text = e.Text,
            Score = events.Count - i,
            SectionPath = e.Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }).ToArray();
        return Task.FromResult(new RetrievalResult(passages));
    }
}
