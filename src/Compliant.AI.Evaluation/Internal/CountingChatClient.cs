using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Evaluation.Internal;

/// <summary>Counts the attempts a structured-output stage makes and whether any answer was not JSON at all.</summary>
internal sealed class CountingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    private int _calls;
    private int _invalidJson;

    public int Calls => _calls;

    public bool SawInvalidJson => _invalidJson > 0;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        if (!IsJson(response.Text))
        {
            Interlocked.Increment(ref _invalidJson);
        }

        return response;
    }

    internal static bool IsJson(string text)
    {
        try
        {
            using JsonDocument _ = JsonDocument.Parse(Encoding.UTF8.GetBytes(text.Trim()));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
