using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Compliant.AI;

/// <summary>
/// Caches model responses in a folder, keyed by a content hash of the request (messages, options and a salt such as the
/// prompt version), so a rerun of an evaluation suite replays the same answers deterministically and at no cost.
/// </summary>
/// <remarks>
/// <para>Place it innermost, next to the provider (inside PII redaction, e.g. in the callback of <c>UseCompliance</c>):
/// then both the key and the stored responses are computed from redacted traffic only, and the folder never holds raw
/// personal data.</para>
/// <para>Any change to the request (a prompt template's new version, another model id, another temperature) changes the
/// key and misses the cache. With <c>refresh</c> the cache is not read, and every response is stored afresh.</para>
/// <para>Streaming requests are answered from a cached response as updates; on a miss the stream is passed through and
/// stored when it completes. Thread-safe; entries are written atomically.</para>
/// </remarks>
public sealed class EvaluationResponseCacheChatClient : DelegatingChatClient
{
    private readonly string _directory;
    private readonly bool _refresh;
    private readonly string _salt;
    private int _hits;
    private int _misses;

    /// <summary>Initializes a new instance of the <see cref="EvaluationResponseCacheChatClient"/> class.</summary>
    /// <param name="innerClient">The provider.</param>
    /// <param name="directory">The cache folder (created when missing).</param>
    /// <param name="refresh"><see langword="true"/> to ignore cached entries and store fresh ones.</param>
    /// <param name="salt">Extra text in every key (e.g. the provider and model name), or <see langword="null"/>.</param>
    public EvaluationResponseCacheChatClient(IChatClient innerClient, string directory, bool refresh = false, string? salt = null)
        : base(innerClient)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = Directory.CreateDirectory(directory).FullName;
        _refresh = refresh;
        _salt = salt ?? string.Empty;
    }

    /// <summary>Gets the number of requests answered from the cache.</summary>
    public int Hits => _hits;

    /// <summary>Gets the number of requests sent to the provider.</summary>
    public int Misses => _misses;

    /// <summary>Computes the cache key of a request: a hash of its messages, options and the salt; never the content itself.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options.</param>
    /// <returns>The key, a hexadecimal string.</returns>
    public string GetKey(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        // The options that shape the answer; additional properties (the caller, stage state) are not part of the key.
        string?[] shape =
        [
            options?.ModelId, options?.Instructions, options?.Temperature?.ToString("R", CultureInfo.InvariantCulture),
            options?.TopP?.ToString("R", CultureInfo.InvariantCulture), options?.TopK?.ToString(CultureInfo.InvariantCulture),
            options?.MaxOutputTokens?.ToString(CultureInfo.InvariantCulture), options?.Seed?.ToString(CultureInfo.InvariantCulture),
            options?.ResponseFormat is ChatResponseFormatJson json ? "json:" + json.Schema?.GetRawText() : options?.ResponseFormat?.GetType().Name,
            options?.StopSequences is { } stops ? string.Join("\u0001", stops) : null,
            options?.Tools is { } tools ? string.Join("\u0001", tools.Select(t => t.Name)) : null,
        ];
        return AIJsonUtilities.HashDataToString([_salt, messages.ToList(), shape], AIJsonUtilities.DefaultOptions);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        List<ChatMessage> list = [.. messages];
        string key = GetKey(list, options);
        if (TryRead(key) is { } cached)
        {
            Interlocked.Increment(ref _hits);
            return cached;
        }

        Interlocked.Increment(ref _misses);
        ChatResponse response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        Write(key, response);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        List<ChatMessage> list = [.. messages];
        string key = GetKey(list, options);
        if (TryRead(key) is { } cached)
        {
            Interlocked.Increment(ref _hits);
            foreach (ChatResponseUpdate update in cached.ToChatResponseUpdates())
            {
                yield return update;
            }

            yield break;
        }

        Interlocked.Increment(ref _misses);
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }

        Write(key, updates.ToChatResponse());
    }

    private ChatResponse? TryRead(string key)
    {
        if (_refresh)
        {
            return null;
        }

        string path = Path.Combine(_directory, key + ".json");
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse))) as ChatResponse : null;
        }
        catch (JsonException)
        {
            return null; // A damaged entry is a miss; it is rewritten.
        }
    }

    private void Write(string key, ChatResponse response)
    {
        string path = Path.Combine(_directory, key + ".json");
        string temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(response, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse))));
        File.Move(temp, path, overwrite: true);
    }
}
