using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace PolicyAssistant.Chaos;

/// <summary>How <see cref="HallucinatingChatClient"/> adds its invented fact.</summary>
public enum HallucinationKind
{
    /// <summary>In the answer's last paragraph, cited to the first source the answer cites (a confident, wrong citation).</summary>
    CitedToRealSource,

    /// <summary>As a paragraph of its own, without any citation.</summary>
    Uncited,
}

/// <summary>
/// A model that makes things up: it returns the real model's answer with one invented fact added, which no retrieved
/// source says. Both call styles add the same text.
/// </summary>
public sealed partial class HallucinatingChatClient(IChatClient inner, HallucinationKind kind = HallucinationKind.CitedToRealSource) : DelegatingChatClient(inner)
{
    /// <summary>The invented fact (no bundled policy says it).</summary>
    public const string InventedFact = "Records covered by this policy may be deleted after 30 days with a manager's approval";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken);
        ChatMessage? last = response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant);
        if (last is not null)
        {
            last.Contents.Add(new TextContent(Addition(response.Text)));
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var text = new System.Text.StringBuilder();
        ChatResponseUpdate? previous = null;
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            text.Append(update.Text);
            previous = update;
            yield return update;
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, Addition(text.ToString()))
        {
            MessageId = previous?.MessageId,
            ResponseId = previous?.ResponseId,
            ModelId = previous?.ModelId,
        };
    }

    /// <summary>The text to append to an answer whose text so far is <paramref name="answer"/>.</summary>
    public string Addition(string answer) => kind == HallucinationKind.Uncited
        ? "\n\n" + InventedFact + "."
        : " " + InventedFact + " " + (SourceMarker().Match(answer) is { Success: true } m ? m.Value : "[S1]") + ".";

    [GeneratedRegex(@"\[S\d+\]")]
    private static partial Regex SourceMarker();
}
