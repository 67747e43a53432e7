using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Compliant.AI;

namespace PolicyAssistant;

/// <summary>
/// The policy corpus and its BM25 index: ingested from a folder of Markdown files, saved under the data folder, and
/// reloaded on the next run unless the corpus changed (a fingerprint of file names and contents decides).
/// </summary>
public sealed class PolicyLibrary(string policiesDirectory, string indexDirectory)
{
    private string _policiesDirectory = policiesDirectory;

    public InMemoryBm25Index Index { get; private set; } = new();

    private string IndexPath => Path.Combine(indexDirectory, "bm25.index");

    private string FingerprintPath => Path.Combine(indexDirectory, "corpus.sha256");

    public void UseFolder(string folder) => _policiesDirectory = folder;

    /// <summary>Loads the saved index when it matches the corpus on disk; otherwise ingests (first use) and saves.</summary>
    public async Task LoadOrIngestAsync(IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        string fingerprint = Fingerprint();
        if (File.Exists(IndexPath) && File.Exists(FingerprintPath) && File.ReadAllText(FingerprintPath) == fingerprint)
        {
            await using FileStream stream = File.OpenRead(IndexPath);
            Index = InMemoryBm25Index.Load(stream);
            return;
        }

        await Console.Error.WriteLineAsync("policy-assistant: building the policy index (first use)...");
        await IngestAsync(progress, cancellationToken);
    }

    public async Task<IngestSummary> IngestAsync(IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_policiesDirectory))
        {
            throw new AssistantConfigurationException($"The policy folder {_policiesDirectory} does not exist.");
        }

        var stopwatch = Stopwatch.StartNew();
        var documents = new List<SourceDocument>();
        foreach (string file in PolicyFiles())
        {
            documents.Add(await DocumentLoader.LoadFileAsync(file, cancellationToken: cancellationToken));
        }

        var index = new InMemoryBm25Index();
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
        await File.WriteAllTextAsync(FingerprintPath, Fingerprint(), cancellationToken);
        return new IngestSummary(documents.Count, result.ChunksWritten, result.Unchanged, stopwatch.Elapsed);
    }

    private IEnumerable<string> PolicyFiles() =>
        Directory.EnumerateFiles(_policiesDirectory, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    private string Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (Directory.Exists(_policiesDirectory))
        {
            foreach (string file in PolicyFiles())
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(_policiesDirectory, file) + "\n"));
                hash.AppendData(File.ReadAllBytes(file));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
