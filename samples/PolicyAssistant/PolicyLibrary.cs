using System.Diagnostics;
using System.Text.Json;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace PolicyAssistant;

/// <summary>
/// The policy index: ingested from a <see cref="PolicyCorpus"/>, saved under the data folder with a
/// <see cref="CorpusManifest"/> that records which corpus it holds, and reloaded on the next run unless that corpus's
/// files changed. <c>ingest --folder DIR</c> selects the corpus; every later <c>ask</c> uses it. The BM25 settings
/// (evidence threshold, query vocabulary, k1/b) come from <c>Compliant:Retrieval:Bm25</c> in appsettings.json.
/// </summary>
public sealed class PolicyLibrary(string indexDirectory, IEmbeddingGenerator<string, Embedding<float>>? embeddings = null, RetrievalOptions? retrieval = null)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Gets the retrieval settings (section <c>Compliant:Retrieval</c>).</summary>
    public RetrievalOptions Retrieval { get; } = retrieval ?? new RetrievalOptions();

    public InMemoryBm25Index Index { get; private set; } = new(retrieval?.Bm25);

    /// <summary>Gets the vectors for hybrid retrieval, or <see langword="null"/> when retrieval is BM25 only.</summary>
    public InMemoryVectorStore? Vectors { get; private set; }

    /// <summary>Gets the manifest of the corpus in use, once loaded or ingested.</summary>
    public CorpusManifest? Manifest { get; private set; }

    /// <summary>Gets how many chunks the last load or ingest had to embed (0 when every vector was saved; hybrid only).</summary>
    public int ChunksEmbedded { get; private set; }

    private string IndexPath => Path.Combine(indexDirectory, "bm25.index");

    private string VectorsPath => Path.Combine(indexDirectory, "vectors.bin");

    private string ManifestPath => Path.Combine(indexDirectory, "corpus.json");

    /// <summary>Reads the manifest of the last ingest, if any.</summary>
    public CorpusManifest? ReadManifest()
    {
        if (!File.Exists(ManifestPath))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CorpusManifest>(File.ReadAllText(ManifestPath));
        }
        catch (JsonException)
        {
            return null; // a damaged manifest is rebuilt by the next ingest
        }
    }

    /// <summary>Loads the saved index when it was built from <paramref name="corpus"/> as it is now; otherwise ingests and saves.</summary>
    public async Task LoadOrIngestAsync(PolicyCorpus corpus, CancellationToken cancellationToken)
    {
        CorpusManifest? manifest = ReadManifest();
        if (manifest is not null && File.Exists(IndexPath)
            && string.Equals(manifest.Folder, corpus.Folder, StringComparison.Ordinal)
            && manifest.Fingerprint == corpus.Fingerprint())
        {
            await using (FileStream stream = File.OpenRead(IndexPath))
            {
                Index = InMemoryBm25Index.Load(stream, Retrieval.Bm25);
            }

            Manifest = manifest;
            await EmbedAsync(manifest.DocumentIds, cancellationToken);
            return;
        }

        await Console.Error.WriteLineAsync(manifest is null
            ? $"policy-assistant: building the policy index from {corpus.DisplayName} (first use)..."
            : $"policy-assistant: the policies in {corpus.DisplayName} changed; rebuilding the index...");
        IngestSummary summary = await IngestAsync(corpus, progress: null, cancellationToken);
        if (summary.WithoutAcl > 0 && corpus.DefaultPrincipal is null)
        {
            await Console.Error.WriteLineAsync(IngestWarnings.NoAccessRules(summary.WithoutAcl, summary.Documents));
        }
    }

    public async Task<IngestSummary> IngestAsync(PolicyCorpus corpus, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        (IReadOnlyList<string> _, IReadOnlyList<string> skipped) = corpus.Files();
        (List<SourceDocument> documents, int withoutAcl) = await corpus.LoadAsync(cancellationToken);
        if (documents.Count == 0)
        {
            throw new AssistantConfigurationException($"The policy folder '{corpus.Folder}' has no .md, .txt or .html files to ingest.");
        }

        var index = new InMemoryBm25Index(Retrieval.Bm25);
        var ingestor = new DocumentIngestor([index]);
        IngestionResult result = (await ingestor.IngestAsync(documents, progress, cancellationToken)).ThrowIfFailed();
        Index = index;

        Directory.CreateDirectory(indexDirectory);
        string temp = IndexPath + ".tmp";
        await using (FileStream stream = File.Create(temp))
        {
            index.Save(stream);
        }

        File.Move(temp, IndexPath, overwrite: true);
        Manifest = new CorpusManifest
        {
            Folder = corpus.Folder,
            Bundled = corpus.Bundled,
            DefaultAcl = corpus.DefaultPrincipal,
            Exclude = [.. corpus.Exclude],
            Fingerprint = corpus.Fingerprint(),
            DocumentIds = documents.Select(d => d.Id).ToArray(),
            WithoutAcl = withoutAcl,
            Chunks = index.ChunkCount,
        };
        await File.WriteAllTextAsync(ManifestPath + ".tmp", JsonSerializer.Serialize(Manifest, JsonOptions), cancellationToken);
        File.Move(ManifestPath + ".tmp", ManifestPath, overwrite: true);
        await EmbedAsync(Manifest.DocumentIds, cancellationToken);
        return new IngestSummary(documents.Count, result.ChunksWritten, result.Unchanged, withoutAcl, skipped, stopwatch.Elapsed);
    }

    /// <summary>
    /// For hybrid retrieval: puts the indexed chunks' vectors into an in-memory vector store, embedding only the chunks
    /// whose vectors are not already saved next to the index (<see cref="ChunkVectorCache"/>).
    /// </summary>
    private async Task EmbedAsync(IReadOnlyList<string> documentIds, CancellationToken cancellationToken)
    {
        if (embeddings is null)
        {
            return;
        }

        var vectors = new InMemoryVectorStore();
        Directory.CreateDirectory(indexDirectory);
        var cache = new ChunkVectorCache(embeddings, VectorsPath);
        var target = new VectorChunkIndex(vectors, cache, Retrieval.EmbeddingBatchSize);
        foreach (string id in documentIds)
        {
            IReadOnlyList<DocumentChunk> chunks = Index.GetChunks(id);
            if (chunks.Count > 0)
            {
                await target.ReplaceDocumentAsync(id, chunks, cancellationToken);
            }
        }

        cache.Save();
        ChunksEmbedded = cache.Misses;
        Vectors?.Dispose();
        Vectors = vectors;
    }
}
