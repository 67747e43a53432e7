using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Testing;

/// <summary>
/// A provider that answers every call at once with the same text: non-streaming as one response, streaming as the text
/// cut into chunks. The bare inner client of the stage benchmarks, so that a figure is the stage's own cost.
/// </summary>
/// <remarks>
/// <para>
/// By default the response, its completed task and the updates are built once and returned on every call: the bare
/// client then costs almost nothing. With <c>newResponsePerCall</c> set, each call builds a new response and new updates,
/// as a real provider does; take it for a stage that changes the response it receives (grounding attaches its result to
/// it), so that calls do not see each other's changes.
/// </para>
/// <para>Reports <see cref="ChatClientMetadata"/> (provider <c>bench</c>, model <c>bench-model</c>) through <see cref="GetService"/>. Thread-safe.</para>
/// </remarks>
public sealed class FixedAnswerChatClient : IChatClient
{
    private static readonly ChatClientMetadata Metadata = new("bench", null, "bench-model");
    private readonly string _answer;
    private readonly int _streamChunkSize;
    private readonly UsageDetails? _usage;
    private readonly Task<ChatResponse>? _response;
    private readonly ChatResponseUpdate[]? _updates;

    /// <summary>Initializes a new instance of the <see cref="FixedAnswerChatClient"/> class.</summary>
    /// <param name="answer">The assistant's text of every answer.</param>
    /// <param name="streamChunkSize">How many characters each streamed update holds; <see cref="int.MaxValue"/> streams one update.</param>
    /// <param name="usage">The usage each non-streaming response reports, or <see langword="null"/> for none.</param>
    /// <param name="newResponsePerCall">Whether every call builds a new response and new updates instead of returning the same ones.</param>
    public FixedAnswerChatClient(string answer, int streamChunkSize = 16, UsageDetails? usage = null, bool newResponsePerCall = false)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentOutOfRangeException.ThrowIfLessThan(streamChunkSize, 1);
        _answer = answer;
        _streamChunkSize = streamChunkSize;
        _usage = usage;
        if (!newResponsePerCall)
        {
            _response = Task.FromResult(CreateResponse());
            _updates = CreateUpdates();
        }
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _response ?? Task.FromResult(CreateResponse());

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_updates is not null)
        {
            foreach (ChatResponseUpdate update in _updates)
            {
                yield return update;
            }
        }
        else
        {
            for (int i = 0; i < _answer.Length; i += _streamChunkSize)
            {
                yield return CreateUpdate(i);
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private ChatResponse CreateResponse() => new(new ChatMessage(ChatRole.Assistant, _answer)) { Usage = _usage };

    private ChatResponseUpdate[] CreateUpdates()
    {
        var updates = new ChatResponseUpdate[_answer.Length == 0 ? 0 : ((_answer.Length - 1) / _streamChunkSize) + 1];
        for (int i = 0; i < updates.Length; i++)
        {
            updates[i] = CreateUpdate(i * _streamChunkSize);
        }

        return updates;
    }

    private ChatResponseUpdate CreateUpdate(int start) =>
        new(ChatRole.Assistant, _answer.Substring(start, Math.Min(_streamChunkSize, _answer.Length - start)));
}
