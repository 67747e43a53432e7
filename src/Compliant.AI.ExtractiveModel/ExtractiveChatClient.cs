using System.Runtime.CompilerServices;
using System.Text;
using Compliant.AI.ExtractiveModel.Internal;
using Compliant.AI.Grounding.Internal;
using Compliant.AI.Internal;
using Compliant.AI.Text;
using Microsoft.Extensions.AI;

namespace Compliant.AI;

/// <summary>
/// A deterministic offline chat model that answers only by quoting sentences from the sources in its prompt, each
/// followed by its <c>[S#]</c> citation. Meant for demos, tests and CI — it is not a substitute for a language model.
/// </summary>
/// <remarks>
/// <para>
/// It reads the sources block the grounding stage writes (<c>&lt;sources&gt;&lt;source id="S1" ...&gt;</c>), rebuilds
/// paragraphs from hard-wrapped Markdown and strips its markup, and scores each answer unit (sentence, list item, table
/// row) against the latest user message with BM25 (IDF over the retrieved passages), preferring units that offer the
/// kind of value the question asks for (a duration for "how long", a number for "how many", a role for "who"). It
/// quotes up to <see cref="ExtractiveChatClientOptions.MaxSentences"/> units, each on its own line with its citation,
/// with the preceding sentence when the unit leans on it. When the first quoted document covers less than
/// <see cref="ExtractiveChatClientOptions.MinimumSupport"/> of the question's weighted terms, when a "how long/many"
/// question finds no value, when a question for a clock time, a room or place, a postal address, a rate or someone to
/// contact finds none, when the question asks about a redacted place no source holds, or when there is no sources block,
/// it replies with
/// <see cref="ExtractiveChatClientOptions.CannotAnswerText"/>. Headings, questions and instruction-like sentences in a
/// source are never quoted, and an answer that would fail the grounding stage's support check is cut back or declined.
/// </para>
/// <para>
/// Given an embedding generator (any <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, such as the MiniLM one), it
/// also embeds the question and the units that match its words (one batch per request, a second one only for the word comparison below; vectors of recent source texts kept) and
/// ranks them by a blend of word match and cosine similarity to the question; the first unit's similarity may raise the
/// support figure when the unit names the question's subject (not only its measure word, such as "kept" or "days"), so a
/// related value for another subject stays a near miss. <see cref="ExtractiveChatClientOptions.SemanticWeight"/> sets the blend. When the
/// answer would still be declined, a question word the first document says with a synonym (a word of its units at least
/// <see cref="ExtractiveChatClientOptions.ParaphraseSimilarity"/> similar; measure words and numbers excepted) counts as
/// covered; the question's words are embedded for that and, like the question, never cached. Without a generator nothing
/// is embedded.
/// </para>
/// <para>The same input (and, with a generator, the same vectors) always gives the same answer. Usage is reported as word counts. The instance is thread-safe.</para>
/// </remarks>
public sealed class ExtractiveChatClient : IChatClient
{
    /// <summary>The provider name reported in <see cref="ChatClientMetadata"/>.</summary>
    public const string ProviderName = "compliant-extractive";

    /// <summary>The model id reported in <see cref="ChatClientMetadata"/> and on responses.</summary>
    public const string ModelId = "extractive-v1";

    private readonly ExtractiveChatClientOptions _options;
    private readonly ChatClientMetadata _metadata = new(ProviderName, null, ModelId);
    private readonly SemanticScorer? _semantic;

    /// <summary>Initializes a new instance of the <see cref="ExtractiveChatClient"/> class.</summary>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <param name="embeddingGenerator">
    /// The generator that embeds the question and the candidate units, so that their semantic similarity counts beside
    /// their words; <see langword="null"/> (the default) scores units by their words alone and embeds nothing.
    /// </param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <remarks>The client does not own <paramref name="embeddingGenerator"/> and does not dispose it.</remarks>
    public ExtractiveChatClient(ExtractiveChatClientOptions? options = null, IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null)
    {
        _semantic = embeddingGenerator is null ? null : new SemanticScorer(embeddingGenerator);
        options ??= new ExtractiveChatClientOptions();
        if (options.MinimumSupport is < 0 or > 1 || double.IsNaN(options.MinimumSupport))
        {
            throw new ArgumentException($"{nameof(ExtractiveChatClientOptions.MinimumSupport)} must be between 0 and 1.", nameof(options));
        }

        if (options.SemanticWeight is < 0 or > 1 || double.IsNaN(options.SemanticWeight))
        {
            throw new ArgumentException($"{nameof(ExtractiveChatClientOptions.SemanticWeight)} must be between 0 and 1.", nameof(options));
        }

        if (options.FullSupportSimilarity is <= 0 or > 1 || double.IsNaN(options.FullSupportSimilarity))
        {
            throw new ArgumentException($"{nameof(ExtractiveChatClientOptions.FullSupportSimilarity)} must be above 0 and at most 1.", nameof(options));
        }

        if (options.ParaphraseSimilarity is <= 0 or > 1 || double.IsNaN(options.ParaphraseSimilarity))
        {
            throw new ArgumentException($"{nameof(ExtractiveChatClientOptions.ParaphraseSimilarity)} must be above 0 and at most 1.", nameof(options));
        }

        if (options.MaxSentences < 1)
        {
            throw new ArgumentException($"{nameof(ExtractiveChatClientOptions.MaxSentences)} must be at least 1.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.CannotAnswerText))
        {
            throw new ArgumentException($"{nameof(ExtractiveChatClientOptions.CannotAnswerText)} is required.", nameof(options));
        }

        _options = new ExtractiveChatClientOptions
        {
            MinimumSupport = options.MinimumSupport,
            SemanticWeight = options.SemanticWeight,
            FullSupportSimilarity = options.FullSupportSimilarity,
            ParaphraseSimilarity = options.ParaphraseSimilarity,
            MaxSentences = options.MaxSentences,
            CannotAnswerText = options.CannotAnswerText,
            DatamarkMarker = options.DatamarkMarker,
        };
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        (string answer, UsageDetails usage) = await AnswerAsync(messages, cancellationToken).ConfigureAwait(false);
        string id = NewId();
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, answer) { MessageId = id })
        {
            ResponseId = id,
            ModelId = ModelId,
            FinishReason = ChatFinishReason.Stop,
            Usage = usage,
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        (string answer, UsageDetails usage) = await AnswerAsync(messages, cancellationToken).ConfigureAwait(false);
        string id = NewId();
        int start = 0;
        while (start < answer.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int end = start;
            while (end < answer.Length && !char.IsWhiteSpace(answer[end]))
            {
                end++;
            }

            while (end < answer.Length && char.IsWhiteSpace(answer[end]))
            {
                end++;
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, answer[start..end]) { ResponseId = id, MessageId = id, ModelId = ModelId };
            start = end;
            await Task.Yield();
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)])
        {
            ResponseId = id,
            MessageId = id,
            ModelId = ModelId,
            FinishReason = ChatFinishReason.Stop,
        };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        Throw.IfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private async ValueTask<(string Answer, UsageDetails Usage)> AnswerAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        List<ChatMessage> list = messages as List<ChatMessage> ?? [.. messages];
        string? question = null;
        var sources = new List<ParsedSource>();
        bool foundSources = false;
        long inputWords = 0;
        for (int i = list.Count - 1; i >= 0; i--)
        {
            string text = list[i].Text;
            inputWords += TermAnalyzer.CountWords(text);
            if (question is null && list[i].Role == ChatRole.User)
            {
                question = text;
            }

            if (!foundSources && text.Contains(SourceBlock.OpenTag, StringComparison.Ordinal))
            {
                foundSources = SourceBlock.TryParse(text, sources);
            }
        }

        UndoDatamarking(sources, _options.DatamarkMarker);

        string answer = _options.CannotAnswerText;
        if (!string.IsNullOrWhiteSpace(question) && sources.Count > 0)
        {
            IReadOnlyList<SentenceSelector.Candidate> chosen = 
                await SentenceSelector.SelectAsync(question, sources, _options, _semantic, cancellationToken).ConfigureAwait(false);

            // Each quoted unit goes on its own line, so a unit without a full stop (a list item, a table row) never runs
            // into the next one; the whole answer is checked as the grounding stage will check it, and cut back to its
            // first unit, or declined, rather than fail that check.
            for (int count = chosen.Count; count > 0; count = count > 1 ? 1 : 0)
            {
                string candidate = Compose(chosen.Take(count).ToList());
                if (SentenceSelector.Passes(candidate, sources))
                {
                    answer = candidate;
                    break;
                }
            }
        }

        long outputWords = TermAnalyzer.CountWords(answer);
        return (answer, new UsageDetails { InputTokenCount = inputWords, OutputTokenCount = outputWords, TotalTokenCount = inputWords + outputWords });
    }

    private static void UndoDatamarking(List<ParsedSource> sources, string? marker)
    {
        if (string.IsNullOrEmpty(marker))
        {
            return;
        }

        for (int i = 0; i < sources.Count; i++)
        {
            // Datamarked text has the marker where its spaces were; a source that merely contains the character (2^10)
            // still has more spaces than markers and is left alone.
            string text = sources[i].Text;
            int markers = Count(text, marker);
            if (markers > 0 && markers > text.AsSpan().Count(' '))
            {
                sources[i] = sources[i] with { Text = text.Replace(marker, " ", StringComparison.Ordinal) };
            }
        }

        static int Count(string text, string marker)
        {
            int count = 0;
            for (int at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + marker.Length, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }
    }

    private static string Compose(List<SentenceSelector.Candidate> chosen)
    {
        var sb = new StringBuilder();
        foreach (SentenceSelector.Candidate sentence in chosen)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            if (sentence.Context is not null && !chosen.Any(c => c.Text == sentence.Context))
            {
                sb.Append(sentence.Context).Append(" [").Append(sentence.SourceId).Append("] ");
            }

            sb.Append(sentence.Text).Append(" [").Append(sentence.SourceId).Append(']');
        }

        return sb.ToString();
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
