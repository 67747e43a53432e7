using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace TicketTriage.Classifier;

/// <summary>
/// The sample's embedded default model: a local intent classifier exposed as an <see cref="IChatClient"/>. It reads the
/// last user message (the ticket, already redacted by the pipeline), and answers with the JSON the triage schema asks
/// for: <c>{"category", "confidence", "summary"}</c>. It only ever chooses among the categories the request's JSON
/// schema allows (<c>properties.category.enum</c>), so narrowing the approved list in configuration narrows its answers.
/// </summary>
/// <remarks>Deterministic for a given text. Thread-safe; concurrent calls are batched by <see cref="TicketClassifier"/>.</remarks>
internal sealed class LocalTriageChatClient : IChatClient
{
    public const string ModelId = "triage-minilm-ngram-linear";
    public const string ProviderName = "compliant-local";

    private readonly TicketClassifier _classifier;
    private readonly ChatClientMetadata _metadata = new(ProviderName, null, ModelId);
    private readonly Lock _gate = new();
    private string? _lastSchema;
    private bool[]? _lastAllowed;

    public LocalTriageChatClient(TicketClassifier classifier) => _classifier = classifier;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        string text = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        bool[] allowed = AllowedClasses(options);
        float[] probabilities = await _classifier.ClassifyAsync(text, cancellationToken).ConfigureAwait(false);

        // Restrict to the approved categories and renormalize, so the confidence is over what may be answered.
        int best = -1;
        float total = 0;
        for (int c = 0; c < probabilities.Length; c++)
        {
            if (allowed[c])
            {
                total += probabilities[c];
                if (best < 0 || probabilities[c] > probabilities[best])
                {
                    best = c;
                }
            }
        }

        string json = best < 0
            ? "{}" // No approved category is known to this model: the schema check fails and the caller sees it.
            : Answer(_classifier.Classes[best], total > 0 ? probabilities[best] / total : 0, text);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, json))
        {
            ModelId = ModelId,
            FinishReason = ChatFinishReason.Stop,
            CreatedAt = null,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
    }

    /// <summary>A one-line, length-capped summary made from the (redacted) ticket text.</summary>
    internal static string Summarize(string text)
    {
        const int MaxLength = 140;
        string collapsed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.Length <= MaxLength)
        {
            return collapsed;
        }

        int cut = collapsed.LastIndexOf(' ', MaxLength - 1);
        return collapsed[..(cut > 40 ? cut : MaxLength - 1)] + "…";
    }

    private static string Answer(string category, float confidence, string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("category", category);
            writer.WriteNumber("confidence", Math.Round(confidence, 4));
            writer.WriteString("summary", Summarize(text));
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private bool[] AllowedClasses(ChatOptions? options)
    {
        if (options?.ResponseFormat is not ChatResponseFormatJson { Schema: JsonElement schema })
        {
            return Enumerable.Repeat(true, _classifier.Classes.Count).ToArray();
        }

        // The app sends the same schema with every ticket: remember the last one rather than re-reading it.
        string raw = schema.GetRawText();
        lock (_gate)
        {
            if (_lastAllowed is not null && string.Equals(_lastSchema, raw, StringComparison.Ordinal))
            {
                return _lastAllowed;
            }
        }

        bool[] allowed = new bool[_classifier.Classes.Count];
        if (schema.TryGetProperty("properties", out JsonElement properties)
            && properties.TryGetProperty("category", out JsonElement category)
            && category.TryGetProperty("enum", out JsonElement values)
            && values.ValueKind == JsonValueKind.Array)
        {
            var names = new HashSet<string>(values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!), StringComparer.Ordinal);
            for (int c = 0; c < allowed.Length; c++)
            {
                allowed[c] = names.Contains(_classifier.Classes[c]);
            }
        }
        else
        {
            Array.Fill(allowed, true);
        }

        lock (_gate)
        {
            _lastSchema = raw;
            _lastAllowed = allowed;
        }

        return allowed;
    }
}
