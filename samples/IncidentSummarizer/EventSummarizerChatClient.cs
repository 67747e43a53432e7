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
public sealed class EventSummarizerChatClient(ExtractiveChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = messages.ToList();
        string prompt = string.Join("\n", list.Where(m => m.Role == ChatRole.System).Select(m => m.Text));
        if (options?.Instructions is { Length: > 0 } instructions)
        {
            prompt += "\n" + instructions;
        }

        List<ParsedSource> sources = SourcesBlock.Parse(prompt);
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
