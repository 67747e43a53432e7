using System.Threading.Channels;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace TicketTriage.Classifier;

/// <summary>
/// Scores ticket texts with the trained head over MiniLM embeddings and hashed n-grams, batching concurrent requests:
/// one worker takes every request waiting (up to <see cref="MaxBatch"/>) and embeds them in one model call, so a
/// pipeline that classifies many tickets at once pays one inference per batch, not per ticket.
/// </summary>
/// <remarks>Thread-safe. No timer: a batch is whatever is waiting when the worker is free, so nothing waits on a clock.</remarks>
internal sealed class TicketClassifier : IAsyncDisposable
{
    public const int MaxBatch = 64;

    private readonly LinearHead _head;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _worker;

    public TicketClassifier(LinearHead head, IEmbeddingGenerator<string, Embedding<float>> embeddings)
    {
        _head = head;
        _embeddings = embeddings;
        _worker = Task.Run(RunAsync);
    }

    /// <summary>Gets the classes the head knows, in its order.</summary>
    public IReadOnlyList<string> Classes => _head.Classes;

    /// <summary>Loads the head shipped in this assembly.</summary>
    public static LinearHead LoadEmbeddedHead()
    {
        using Stream stream = typeof(TicketClassifier).Assembly.GetManifestResourceStream("TicketTriage.triage-head.bin")
            ?? throw new InvalidOperationException("The classifier weights are missing from the TicketTriage assembly.");
        return LinearHead.Read(stream);
    }

    /// <summary>Returns the probability of each class (in <see cref="Classes"/> order) for one text.</summary>
    public Task<float[]> ClassifyAsync(string text, CancellationToken cancellationToken)
    {
        var pending = new Pending(text, cancellationToken);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
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
                for (int i = 0; i < batch.Count; i++)
                {
                    (int[] indices, float[] values) = TicketFeatures.Extract(batch[i].Text);
                    float[] probabilities = new float[_head.Classes.Length];
                    _head.Predict(vectors[i].Vector.Span, indices, values, probabilities);
                    batch[i].Completion.TrySetResult(probabilities);
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

    private sealed class Pending(string text, CancellationToken cancellationToken)
    {
        public string Text { get; } = text;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<float[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
