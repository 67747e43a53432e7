using Compliant.AI;
using Microsoft.Extensions.AI;

namespace PolicyAssistant.Tests;

/// <summary>Hybrid retrieval keeps its chunk vectors next to the index, so a new process embeds only what changed.</summary>
public sealed class ChunkVectorCacheTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pa-vectors-" + Guid.NewGuid().ToString("N"));

    public ChunkVectorCacheTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "policies"));
        File.WriteAllText(Path.Combine(_root, "policies", "badges.md"), "# Visitor badges\n\nVisitor badges are returned to reception before the visitor leaves the building.\n");
        File.WriteAllText(Path.Combine(_root, "policies", "laptops.md"), "# Laptops\n\nLaptops are encrypted with full-disk encryption and locked when unattended.\n");
    }

    [Fact]
    public async Task LoadOrIngest_SecondProcess_EmbedsNothingAndGetsTheSameVectors()
    {
        var first = new CountingGenerator();
        PolicyLibrary ingested = await LoadAsync(first);
        var second = new CountingGenerator();
        PolicyLibrary reloaded = await LoadAsync(second);

        Assert.True(ingested.ChunksEmbedded > 0);
        Assert.Equal(ingested.ChunksEmbedded, first.Texts);
        Assert.Equal(0, reloaded.ChunksEmbedded);
        Assert.Equal(0, second.Texts);
        Assert.Equal(ingested.Vectors!.Count, reloaded.Vectors!.Count);
    }

    [Fact]
    public async Task LoadOrIngest_OneDocumentChanged_EmbedsOnlyItsChunks()
    {
        PolicyLibrary ingested = await LoadAsync(new CountingGenerator());
        File.WriteAllText(Path.Combine(_root, "policies", "laptops.md"), "# Laptops\n\nLaptops are encrypted and must be locked with a screen lock after five minutes.\n");

        var generator = new CountingGenerator();
        PolicyLibrary changed = await LoadAsync(generator);

        Assert.True(generator.Texts > 0);
        Assert.True(generator.Texts < ingested.ChunksEmbedded, $"{generator.Texts} of {ingested.ChunksEmbedded} chunks embedded again");
    }

    [Fact]
    public async Task LoadOrIngest_TornVectorFile_RebuiltFromTheModel()
    {
        PolicyLibrary ingested = await LoadAsync(new CountingGenerator());
        string file = Path.Combine(_root, "data", "index", "vectors.bin");
        byte[] bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);

        var generator = new CountingGenerator();
        PolicyLibrary rebuilt = await LoadAsync(generator);
        var third = new CountingGenerator();
        await LoadAsync(third);

        Assert.Equal(ingested.ChunksEmbedded, rebuilt.ChunksEmbedded);
        Assert.Equal(0, third.Texts);
    }

    [Fact]
    public async Task GenerateAsync_FileWrittenByAnotherInstance_ReturnsTheModelsVectorsBitForBit()
    {
        string file = Path.Combine(_root, "vectors.bin");
        string[] texts = [.. Enumerable.Range(0, 200).Select(i => $"Section {i}: records of kind {i} are kept for {i % 9 + 1} years (é, ü, 中)."), string.Empty];
        var writer = new ChunkVectorCache(new CountingGenerator(), file);
        GeneratedEmbeddings<Embedding<float>> written = await writer.GenerateAsync(texts);
        writer.Save();

        var generator = new CountingGenerator();
        var reader = new ChunkVectorCache(generator, file);
        GeneratedEmbeddings<Embedding<float>> read = await reader.GenerateAsync(texts);

        Assert.Equal(0, generator.Texts);
        Assert.Equal(0, reader.Misses);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.True(written[i].Vector.Span.SequenceEqual(read[i].Vector.Span), $"vector {i} differs after the round trip");
        }
    }

    [Theory]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0 })] // another format version
    [InlineData(new byte[] { 1, 0, 0, 0, 5, 0, 0, 0, 64 })] // five vectors announced, a key cut short
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })] // a key length past int.MaxValue
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 0, 0, 0, 1, 65, 0xFF, 0xFF, 0xFF, 0x7F })] // a vector longer than the file
    [InlineData(new byte[] { 1, 0 })] // shorter than the header
    public async Task GenerateAsync_ForeignOrTornFile_EmbedsEverythingAgain(byte[] contents)
    {
        string file = Path.Combine(_root, "vectors.bin");
        File.WriteAllBytes(file, contents);
        var generator = new CountingGenerator();

        var cache = new ChunkVectorCache(generator, file);
        await cache.GenerateAsync(["Visitor badges are returned to reception."]);

        Assert.Equal(1, generator.Texts);
        Assert.Equal(1, cache.Misses);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<PolicyLibrary> LoadAsync(CountingGenerator generator)
    {
        var library = new PolicyLibrary(Path.Combine(_root, "data", "index"), generator);
        await library.LoadOrIngestAsync(new PolicyCorpus(Path.Combine(_root, "policies"), bundled: false, defaultAcl: "*", exclude: []), CancellationToken.None);
        return library;
    }

    /// <summary>The lexical stand-in generator, counting the texts it is asked to embed.</summary>
    private sealed class CountingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly HashingEmbeddingGenerator _inner = new();

        public int Texts { get; private set; }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            string[] texts = values.ToArray();
            Texts += texts.Length;
            return _inner.GenerateAsync(texts, options, cancellationToken);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => _inner.GetService(serviceType, serviceKey);

        public void Dispose() => _inner.Dispose();
    }
}
