using System.Runtime.CompilerServices;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace IncidentSummarizer;

/// <summary>
/// The embedded offline model for incidents: a thin wrapper over the library's <see cref="ExtractiveChatClient"/>.
/// The extractive model answers one question by quoting the best sentences; an incident summary needs a few chosen
/// events instead. This wrapper chooses them — the suspected root cause (<see cref="RootCauseHeuristic"/>), the
/// first failure alert, the first mitigation and the resolution — and has the extractive model quote each one from
/// its own source, so every line is a verbatim quote followed by its <c>[S#]</c> and passes the model's own support
/// check. It never writes a word of its own; a real LLM summarizes far better (see the README).
/// </summary>
/// <remarks>
/// With the guardrails stage on, the sources arrive datamarked (spotlighting: their spaces replaced by
/// <c>GuardrailsOptions.SpotlightMarker</c>). The wrapper reads them with their spaces back before it chooses, as the
/// extractive model does (<see cref="ExtractiveChatClientOptions.DatamarkMarker"/>): the heuristic's phrases
/// ("rolled back", "back to") must match the event's words, and the quote it asks for must be the event's own text.
/// </remarks>
/// <param name="inner">The extractive model that quotes each chosen event.</param>
/// <param name="datamarkMarker">The spotlighting marker to read past (the guardrails' default <c>^</c>); <see langword="null"/> or empty reads sources as they are.</param>
public sealed class EventSummarizerChatClient(ExtractiveChatClient inner, string? datamarkMarker = "^") : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = messages.ToList();
        string prompt = string.Join("\n", list.Where(m => m.Role == ChatRole.System).Select(m => m.Text));
        if (options?.Instructions is { Length: > 0 } instructions)
        {
            prompt += "\n" + instructions;
        }

        List<ParsedSource> sources = SourcesBlock.Parse(prompt).Select(s => s with { Text = UndoDatamarking(s.Text, datamarkMarker) }).ToList();
        var lines = new List<string>();
        foreach (int index in Choose(sources.Select(s => s.View).ToArray()))
        {
            ParsedSource source = sources[index];
            ChatMessage[] quoteRequest =
            [
                new(ChatRole.System, "Quote the source.\n" + SourcesBlock.Render(source)),
                new(ChatRole.User, source.Text),
            ];
            ChatResponse quoted = await base.GetResponseAsync(quoteRequest, options, cancellationToken).ConfigureAwait(false);
            string text = quoted.Text.Trim();
            if (text.Length > 0 && !text.Contains(GroundingOptions.DefaultCannotAnswerText, StringComparison.Ordinal))
            {
                lines.Add(text);
            }
        }

        string answer = lines.Count > 0 ? string.Join("\n", lines) : GroundingOptions.DefaultCannotAnswerText;
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)) { ModelId = "incident-extractive-v1" };
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <summary>
    /// Returns <paramref name="text"/> with the datamarking marker turned back into spaces, when the text is datamarked:
    /// it holds the marker more often than spaces (a source that merely contains the character, "2^10", is left alone).
    /// </summary>
    public static string UndoDatamarking(string text, string? marker)
    {
        if (string.IsNullOrEmpty(marker) || !text.Contains(marker, StringComparison.Ordinal))
        {
            return text;
        }

        int markers = (text.Length - text.Replace(marker, string.Empty, StringComparison.Ordinal).Length) / marker.Length;
        return markers > text.AsSpan().Count(' ') ? text.Replace(marker, " ", StringComparison.Ordinal) : text;
    }

    private static readonly string[] FixWords =
    [
        "rolled back", "reverted", "restored", "set back", "re-enabled", "switched", "renewed", "restarted", "reloaded",
        "disabled", "back to", "raised", "added", "enabled stand-in", "killed",
    ];

    /// <summary>Chooses the events to quote, in time order: root cause, first failure alert, first mitigation, resolution.</summary>
    public static IReadOnlyList<int> Choose(IReadOnlyList<EventView> events)
    {
        var chosen = new SortedSet<int>();
        int symptom = RootCauseHeuristic.FindSymptom(events);
        if (symptom < 0)
        {
            return [];
        }

        chosen.Add(symptom);
        if (RootCauseHeuristic.Rank(events) is [var top, ..])
        {
            chosen.Add(top.Index);
        }

        for (int i = symptom + 1; i < events.Count; i++)
        {
            if (events[i].Kind is "deploy" or "config" && FixWords.Any(w => events[i].Text.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                chosen.Add(i);
                break;
            }
        }

        for (int i = symptom + 1; i < events.Count; i++)
        {
            if (events[i].Kind == "alert" && events[i].Text.TrimStart().StartsWith("RESOLVED", StringComparison.OrdinalIgnoreCase))
            {
                chosen.Add(i);
                break;
            }
        }

        return chosen.ToArray();
    }
}
