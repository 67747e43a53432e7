using Microsoft.Extensions.AI;

namespace Compliant.AI.CallerBoundary.Internal;

/// <summary>
/// The innermost stage of <c>UseCompliance()</c>: the caller's identity stops here. It removes the
/// <see cref="CallerContext"/> (under any key) from <see cref="ChatOptions.AdditionalProperties"/> before the provider
/// sees the options.
/// </summary>
/// <remarks>
/// PII redaction removes the caller too; this stage covers pipelines without redaction and stages added between
/// redaction and the provider (cost control, resilience, a caller's own) that put the caller back. The caller's own
/// options are never changed: they are cloned when a caller has to be removed.
/// </remarks>
internal sealed class CallerBoundaryChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, WithoutCaller(options), cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, WithoutCaller(options), cancellationToken);

    private static ChatOptions? WithoutCaller(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } properties || !properties.Any(static p => IsStageState(p.Value)))
        {
            return options;
        }

        ChatOptions clone = options.Clone();
        var copy = new AdditionalPropertiesDictionary();
        foreach (KeyValuePair<string, object?> pair in properties)
        {
            if (!IsStageState(pair.Value))
            {
                copy[pair.Key] = pair.Value;
            }
        }

        clone.AdditionalProperties = copy.Count > 0 ? copy : null;
        return clone;
    }

    /// <summary>The caller, and the prompt selections of <see cref="PromptVersionsChatClient"/> (template text the provider gets only as instructions).</summary>
    private static bool IsStageState(object? value) => value is CallerContext or PromptSelection[];
}
