using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Compliant.AI.Cli.Retrieval;

/// <summary><c>compliant index build</c>: ingests JSON Lines documents into a BM25 index saved to a directory and/or a Qdrant collection.</summary>
/// <remarks>
/// Seam for other stores (for example <c>--qdrant URL --collection NAME</c>): build the <see cref="IChunkIndex"/> targets
/// and call <see cref="IngestAsync"/>; it reads the input, shows progress on stderr and maps failures to exit codes.
/// </remarks>
internal static class IndexCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo?>("--input") { Description = "JSON Lines documents {\"id\"|\"_id\", \"title\"?, \"text\", \"acl\"?} (default: stdin). Without \"acl\" a document is public (\"*\")." };
        var indexDir = new Option<DirectoryInfo?>("--index") { Description = "The directory to write the index to (required unless --qdrant is given)." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Largest chunk in cl100k tokens.", DefaultValueFactory = _ => 256 };
        var overlap = new Option<int>("--overlap") { Description = "Overlap between consecutive chunks, in tokens of whole sentences.", DefaultValueFactory = _ => 32 };
        var k1 = new Option<double>("--k1") { Description = "BM25 k1 (stored in the manifest; search can override).", DefaultValueFactory = _ => 0.9 };
        var b = new Option<double>("--b") { Description = "BM25 b.", DefaultValueFactory = _ => 0.4 };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar." };

        var build = new Command("build", "Build a BM25 index from JSON Lines documents (exit 0: all indexed, 1: some documents failed, 2: bad usage or input).")
        {
            input, indexDir, maxTokens, overlap, k1, b, quiet,
        };
        QdrantIndexTarget.AddOptions(build); // --qdrant URL --collection NAME --dimensions N (QdrantIndexTarget.cs)
        build.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter stderr = parse.InvocationConfiguration.Error;
            Bm25Options bm25;
            ChunkingOptions chunking;
            try
            {
                bm25 = new Bm25Options { K1 = Range(parse.GetValue(k1), 0, 10, "--k1"), B = Range(parse.GetValue(b), 0, 1, "--b") };
                chunking = new ChunkingOptions { MaxTokens = (int)Range(parse.GetValue(maxTokens), 16, 65536, "--max-tokens"), OverlapTokens = (int)Range(parse.GetValue(overlap), 0, 32768, "--overlap") };
                if (chunking.OverlapTokens > 0 && chunking.OverlapTokens * 2 >= chunking.MaxTokens)
                {
                    throw new ArgumentException("--overlap must be less than half of --max-tokens");
                }
            }
            catch (ArgumentException ex)
            {
                await stderr.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return 2;
            }

            using var index = new InMemoryBm25Index(bm25);
            FileInfo? inputFile = parse.GetValue(input);
            if (inputFile is not null && !inputFile.Exists)
            {
                await stderr.WriteLineAsync($"error: input file not found: {inputFile.FullName}").ConfigureAwait(false);
                return 2;
            }

            // Qdrant target (--qdrant): see QdrantIndexTarget.cs.
            if (parse.GetValue(indexDir) is null && parse.GetValue(QdrantIndexTarget.UrlOption) is null)
            {
                await stderr.WriteLineAsync("error: give --index DIR, --qdrant URL, or both").ConfigureAwait(false);
                return 2;
            }

            (QdrantIndexTarget? qdrant, int qdrantExit) = await QdrantIndexTarget.CreateAsync(parse, stderr, cancellationToken).ConfigureAwait(false);
            if (qdrantExit != 0)
            {
                return qdrantExit;
            }

            using QdrantIndexTarget? qdrantTarget = qdrant;
            List<IChunkIndex> targets = parse.GetValue(indexDir) is null ? [] : [index];
            if (qdrantTarget is not null)
            {
                targets.Add(qdrantTarget.Index);
            }

            bool showProgress = !parse.GetValue(quiet);

            // A file is counted first (one fast pass) so the progress bar knows the total; stdin shows counts only.
            int? total = showProgress && inputFile is not null ? await CountDocumentLinesAsync(inputFile.FullName, cancellationToken).ConfigureAwait(false) : null;
            using TextReader reader = inputFile is null ? Console.In : new StreamReader(inputFile.FullName, Encoding.UTF8);
            int exit = await IngestAsync(reader, targets, chunking, stderr, showProgress, cancellationToken, total).ConfigureAwait(false);
            if (exit == 2 || parse.GetValue(indexDir) is null)
            {
                return exit;
            }

            try
            {
                await IndexDirectory.SaveAsync(index, parse.GetValue(indexDir)!.FullName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync("error: cannot write the index: " + ex.Message).ConfigureAwait(false);
                return 2;
            }

            return exit;
        });

        return new Command("index", "Retrieval indexes.") { build };
    }

    /// <summary>Ingests the JSON Lines documents of <paramref name="reader"/> into <paramref name="targets"/>.</summary>
    /// <returns>0 when every document was indexed or unchanged, 1 when some failed, 2 on unreadable input.</returns>
    internal static async Task<int> IngestAsync(TextReader reader, IReadOnlyList<IChunkIndex> targets, ChunkingOptions chunking, TextWriter stderr, bool showProgress, CancellationToken cancellationToken, int? total = null)
    {
        var ingestor = new DocumentIngestor(targets, chunking);
        using var progress = new ProgressBar(stderr, showProgress, total);
        IngestionResult result;
        try
        {
            result = await ingestor.IngestStreamAsync(JsonlDocuments.ReadDocumentsAsync(reader, cancellationToken), progress, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            progress.Finish();
            await stderr.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return 2;
        }

        progress.Finish();
        await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"indexed: {result.Added} added, {result.Updated} updated, {result.Unchanged} unchanged, {result.Errors.Count} failed, {result.ChunksWritten} chunks")).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            string codes = string.Join(", ", result.Errors.GroupBy(e => e.Code).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}")));
            await stderr.WriteLineAsync($"error: some documents were not indexed ({codes}); first: document #{result.Errors[0].Index}: {result.Errors[0].Message}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    /// <summary>Counts the non-blank lines of a JSON Lines file: the number of documents <see cref="JsonlDocuments"/> will read.</summary>
    internal static async Task<int> CountDocumentLinesAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        int count = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                count++;
            }
        }

        return count;
    }

    private static double Range(double value, double min, double max, string name) =>
        value >= min && value <= max ? value : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}"));

    /// <summary>
    /// A one-line progress bar on stderr, driven by <see cref="IProgress{T}"/>: redrawn at most every 100 ms, and once more
    /// with the final counts when ingestion ends. With a known total it draws <c>[#####-----] 42%</c>.
    /// </summary>
    internal sealed class ProgressBar(TextWriter writer, bool enabled, int? total = null) : IProgress<IngestionProgress>, IDisposable
    {
        private const int Width = 30;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastDraw = -1000;
        private bool _drawn;
        private bool _pending;
        private IngestionProgress _latest;

        public void Report(IngestionProgress value)
        {
            if (!enabled)
            {
                return;
            }

            _latest = value;
            _pending = true;
            if (_clock.ElapsedMilliseconds - _lastDraw >= 100)
            {
                Draw();
            }
        }

        /// <summary>Draws the last reported state (if not drawn yet) and ends the line.</summary>
        public void Finish()
        {
            if (_pending)
            {
                Draw();
            }

            if (_drawn)
            {
                writer.WriteLine();
                _drawn = false;
            }
        }

        public void Dispose() => Finish();

        private void Draw()
        {
            _lastDraw = _clock.ElapsedMilliseconds;
            _pending = false;
            IngestionProgress value = _latest;
            string bar = (value.DocumentsTotal ?? total) is int all && all > 0
                ? string.Create(CultureInfo.InvariantCulture,
                    $"[{new string('#', Width * Math.Min(value.DocumentsProcessed, all) / all).PadRight(Width, '-')}] {100 * Math.Min(value.DocumentsProcessed, all) / all,3}% {value.DocumentsProcessed}/{all} docs, ")
                : string.Create(CultureInfo.InvariantCulture, $"{value.DocumentsProcessed} docs, ");
            double seconds = Math.Max(0.001, _clock.Elapsed.TotalSeconds);
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r{bar}{value.ChunksWritten} chunks, {value.Failed} failed, {value.ChunksWritten / seconds:0} chunks/s   "));
            _drawn = true;
        }
    }
}
