using System.Threading.Channels;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace TicketTriage.Classifier;

/// <summary>
/// Scores ticket texts as a two-stage cascade. First the lexical head (hashed word and character n-grams only, no
/// model inference, tens of microseconds): when its top probability over the allowed classes reaches the cascade
/// threshold, that is the answer. Otherwise the ticket is embedded with MiniLM and scored by the full head over
/// [embedding, n-grams]. Embeddings are batched: one worker takes every unsure ticket waiting (up to
/// <see cref="MaxBatch"/>) and embeds them in one model call.
/// </summary>
/// <remarks>
/// Thread-safe. No timer: a batch is whatever is waiting when the worker is free, so nothing waits on a clock. The
/// lexical stage runs on the caller's thread, so concurrent tickets use every core while the worker embeds.
/// </remarks>
internal sealed class TicketClassifier : IAsyncDisposable
{
    public const int MaxBatch = 64;

    private readonly LinearHead _head;
    private readonly LinearHead? _lexical;
    private readonly double _cascadeThreshold;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _worker;
    private long _lexicalAnswers;
    private long _embeddedAnswers;

    /// <summary>Initializes a new instance of the <see cref="TicketClassifier"/> class.</summary>
    /// <param name="head">The full head over [embedding, n-grams].</param>
    /// <param name="embeddings">The sentence embedder the full head was trained on.</param>
    /// <param name="lexical">The lexical head (n-grams only, same classes), or <see langword="null"/> to embed every ticket.</param>
    /// <param name="cascadeThreshold">The lexical confidence from which a ticket is answered without embedding.</param>
    public TicketClassifier(LinearHead head, IEmbeddingGenerator<string, Embedding<float>> embeddings, LinearHead? lexical = null, double cascadeThreshold = 1)
    {
        if (lexical is not null && (lexical.DenseDimensions != 0 || !lexical.Classes.SequenceEqual(head.Classes, StringComparer.Ordinal)))
        {
            throw new InvalidDataException("The lexical head must have no dense part and the full head's classes, in its order.");
        }

        if (lexical is not null && head.SparseDimensions != lexical.SparseDimensions)
        {
            throw new InvalidDataException("The lexical head and the full head must hash n-grams into the same number of buckets.");
        }

        _head = head;
        _lexical = lexical;
        _cascadeThreshold = cascadeThreshold;
        _embeddings = embeddings;
        _worker = Task.Run(RunAsync);
    }

    /// <summary>Gets the classes the head knows, in its order.</summary>
    public IReadOnlyList<string> Classes => _head.Classes;

    /// <summary>Gets how many tickets the lexical stage answered alone.</summary>
    public long LexicalAnswers => Interlocked.Read(ref _lexicalAnswers);

    /// <summary>Gets how many tickets were embedded and answered by the full head.</summary>
    public long EmbeddedAnswers => Interlocked.Read(ref _embeddedAnswers);

    /// <summary>Loads the full head shipped in this assembly.</summary>
    public static LinearHead LoadEmbeddedHead() => LoadResource("TicketTriage.triage-head.bin");

    /// <summary>Loads the lexical (n-gram only) head shipped in this assembly.</summary>
    public static LinearHead LoadEmbeddedLexicalHead() => LoadResource("TicketTriage.triage-lexical-head.bin");

    /// <summary>
    /// Returns the probability of each class (in <see cref="Classes"/> order) for one text, and whether it was embedded.
    /// The cascade decides on the top probability among <paramref name="allowed"/> (all classes when null).
    /// </summary>
    public Task<TicketScore> ClassifyAsync(string text, bool[]? allowed, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        (int[] indices, float[] values) = TicketFeatures.Extract(text);
        if (_lexical is not null)
        {
            float[] probabilities = new float[_lexical.Classes.Length];
            _lexical.Predict([], indices, values, probabilities);
            (int best, float confidence) = TicketScore.Top(probabilities, allowed);
            if (best >= 0 && confidence >= _cascadeThreshold)
            {
                Interlocked.Increment(ref _lexicalAnswers);
                return Task.FromResult(new TicketScore(probabilities, Embedded: false));
            }
        }

        var pending = new Pending(text, indices, values, cancellationToken);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }

    private static LinearHead LoadResource(string name)
    {
        using Stream stream = typeof(TicketClassifier).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The classifier weights '{name}' are missing from the TicketTriage assembly.");
        return LinearHead.Read(stream);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out Pending? item))
            {
                if (!item.CancellationToken.IsCancellationRequested)
                {
                    batch.Add(item);
                }
                else
                {
                    item.Completion.TrySetCanceled(item.CancellationToken);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                GeneratedEmbeddings<Embedding<float>> vectors = await _embeddings.GenerateAsync(batch.Select(p => p.Text)).ConfigureAwait(false);
                if (vectors.Count != batch.Count)
                {
                    throw new InvalidOperationException($"The embedder returned {vectors.Count} vectors for {batch.Count} texts.");
                }

                for (int i = 0; i < batch.Count; i++)
                {
                    float[] probabilities = new float[_head.Classes.Length];
                    _head.Predict(vectors[i].Vector.Span, batch[i].Indices, batch[i].Values, probabilities);
                    Interlocked.Increment(ref _embeddedAnswers);
                    batch[i].Completion.TrySetResult(new TicketScore(probabilities, Embedded: true));
                }
            }
            catch (Exception ex)
            {
                foreach (Pending item in batch)
                {
                    item.Completion.TrySetException(ex);
                }
            }
        }
    }

    private sealed class Pending(string text, int[] indices, float[] values, CancellationToken cancellationToken)
    {
        public string Text { get; } = text;

        public int[] Indices { get; } = indices;

        public float[] Values { get; } = values;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<TicketScore> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
