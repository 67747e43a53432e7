using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace TicketTriage.Classifier;

/// <summary>
/// The sample's embedded default model: a local intent classifier exposed as an <see cref="IChatClient"/>. It reads the
/// ticket (the caller's user message, already redacted by the pipeline; see <see cref="TicketText"/>), and answers with the JSON the triage schema asks
/// for: <c>{"category", "confidence", "summary"}</c>. It only ever chooses among the categories the request's JSON
/// schema allows (<c>properties.category.enum</c>), so narrowing the approved list in configuration narrows its answers.
/// </summary>
/// <remarks>
/// Deterministic for a given text. Thread-safe; concurrent calls that need an embedding are batched by
/// <see cref="TicketClassifier"/>. The response's model id names the stage that answered: <see cref="LexicalModelId"/>
/// or <see cref="ModelId"/>.
/// </remarks>
internal sealed class LocalTriageChatClient : IChatClient
{
    /// <summary>The model id of answers from the full head (the ticket was embedded with MiniLM).</summary>
    public const string ModelId = "triage-minilm-ngram-linear";

    /// <summary>The model id of answers from the lexical head alone (the cascade's first stage; no embedding).</summary>
    public const string LexicalModelId = "triage-ngram-linear";
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
        string text = TicketText(messages);
        bool[] allowed = AllowedClasses(options);
        TicketScore score = await _classifier.ClassifyAsync(text, allowed, cancellationToken).ConfigureAwait(false);

        // Restricted to the approved categories and renormalized, so the confidence is over what may be answered.
        (int best, float confidence) = TicketScore.Top(score.Probabilities, allowed);
        string json = best < 0
            ? "{}" // No approved category is known to this model: the schema check fails and the caller sees it.
            : Answer(_classifier.Classes[best], confidence, text);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, json))
        {
            // The audit record's model id says which stage of the cascade answered.
            ModelId = score.Embedded ? ModelId : LexicalModelId,
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

    /// <summary>
    /// The ticket: the caller's last user message before the first assistant message. A re-ask by the structured-output
    /// stage appends the rejected answer (assistant) and a corrective user message ("Your previous answer is not valid
    /// JSON. ..."): the ticket, not that correction, is what is classified again. (A conversation that opens with
    /// few-shot user/assistant pairs is not supported: the app sends the system prompt and the ticket only.)
    /// </summary>
    internal static string TicketText(IEnumerable<ChatMessage> messages)
    {
        string? text = null;
        foreach (ChatMessage message in messages)
        {
            if (message.Role == ChatRole.Assistant)
            {
                break;
            }

            if (message.Role == ChatRole.User)
            {
                text = message.Text;
            }
        }

        return text ?? string.Empty;
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
