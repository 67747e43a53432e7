using System.CommandLine;
using System.Globalization;
using System.Text;

namespace Compliant.AI.Cli.Retrieval;

/// <summary><c>compliant search</c>: runs JSON Lines queries against an index and writes a TREC run (or JSON Lines).</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var indexDir = new Option<DirectoryInfo>("--index") { Description = "The index directory written by 'compliant index build'.", Required = true };
        var queries = new Option<FileInfo?>("--queries") { Description = "JSON Lines queries {\"_id\"|\"id\", \"text\"} (default: stdin)." };
        var top = new Option<int>("--top") { Description = "How many documents per query.", DefaultValueFactory = _ => 10 };
        var format = new Option<string>("--format") { Description = "trec (qid Q0 docid rank score tag) or jsonl.", DefaultValueFactory = _ => "trec" };
        var runTag = new Option<string>("--run-tag") { Description = "The TREC run tag.", DefaultValueFactory = _ => "compliant-bm25" };
        var output = new Option<FileInfo?>("--output") { Description = "Where to write the run (default: stdout)." };
        var user = new Option<string?>("--user") { Description = "Search as this user (default: anonymous, public documents only)." };
        var groups = new Option<string[]>("--group") { Description = "A group of the searching user (repeatable).", AllowMultipleArgumentsPerToken = true };
        var k1 = new Option<double?>("--k1") { Description = "Override BM25 k1." };
        var b = new Option<double?>("--b") { Description = "Override BM25 b." };

        var search = new Command("search", "Search an index with JSON Lines queries; one result per document (best chunk). Exit 0: done, 2: bad usage or input.")
        {
            indexDir, queries, top, format, runTag, output, user, groups, k1, b,
        };
        search.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter stderr = parse.InvocationConfiguration.Error;
            string fmt = parse.GetValue(format) ?? "trec";
            int topN = parse.GetValue(top);
            if (fmt is not ("trec" or "jsonl") || topN < 1)
            {
                await stderr.WriteLineAsync(topN < 1 ? "error: --top must be positive" : "error: --format must be trec or jsonl").ConfigureAwait(false);
                return 2;
            }

            var options = new Bm25Options();
            if (parse.GetValue(k1) is double k1Value)
            {
                options.K1 = k1Value;
            }

            if (parse.GetValue(b) is double bValue)
            {
                options.B = bValue;
            }

            InMemoryBm25Index index;
            try
            {
                index = IndexDirectory.Load(parse.GetValue(indexDir)!.FullName, options);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
            {
                await stderr.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return 2;
            }

            using (index)
            {
                FileInfo? queriesFile = parse.GetValue(queries);
                if (queriesFile is not null && !queriesFile.Exists)
                {
                    await stderr.WriteLineAsync($"error: queries file not found: {queriesFile.FullName}").ConfigureAwait(false);
                    return 2;
                }

                var caller = new CallerContext(parse.GetValue(user), parse.GetValue(groups));
                FileInfo? outputFile = parse.GetValue(output);
                using TextReader reader = queriesFile is null ? Console.In : new StreamReader(queriesFile.FullName, Encoding.UTF8);
                StreamWriter? fileWriter = outputFile is null ? null : new StreamWriter(outputFile.FullName, append: false, new UTF8Encoding(false));
                try
                {
                    TextWriter writer = fileWriter ?? parse.InvocationConfiguration.Output;
                    return await RunAsync(index, reader, writer, stderr, caller, topN, fmt, parse.GetValue(runTag) ?? "compliant-bm25", cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (fileWriter is not null)
                    {
                        await fileWriter.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        });

        return search;
    }

    internal static async Task<int> RunAsync(IRetriever retriever, TextReader reader, TextWriter writer, TextWriter stderr, CallerContext caller, int top, string format, string runTag, CancellationToken cancellationToken)
    {
        int lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string qid, text;
            try
            {
                (qid, text) = JsonlDocuments.ParseQuery(line, lineNumber);
            }
            catch (InvalidDataException ex)
            {
                await stderr.WriteLineAsync("error: queries: " + ex.Message).ConfigureAwait(false);
                return 2;
            }

            // Ask for more chunks than documents: several chunks of one document collapse into its best one.
            RetrievalResult result = await retriever.RetrieveAsync(new RetrievalRequest(text, caller) { TopK = Math.Min(10_000, top * 5) }, cancellationToken).ConfigureAwait(false);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int rank = 0;
            foreach (RetrievedPassage passage in result.Passages)
            {
                if (rank == top)
                {
                    break;
                }

                if (!seen.Add(passage.DocumentId))
                {
                    continue;
                }

                rank++;
                string score = passage.Score.ToString("0.######", CultureInfo.InvariantCulture);
                if (format == "trec")
                {
                    await writer.WriteLineAsync($"{qid} Q0 {passage.DocumentId} {rank.ToString(CultureInfo.InvariantCulture)} {score} {runTag}").ConfigureAwait(false);
                }
                else
                {
                    await writer.WriteLineAsync($"{{\"qid\":{Json(qid)},\"docid\":{Json(passage.DocumentId)},\"chunk_id\":{Json(passage.ChunkId)},\"rank\":{rank.ToString(CultureInfo.InvariantCulture)},\"score\":{score},\"has_evidence\":{(result.HasEvidence ? "true" : "false")}}}").ConfigureAwait(false);
                }
            }
        }

        return 0;
    }

    private static string Json(string value) => System.Text.Json.JsonEncodedText.Encode(value).ToString() is var s ? "\"" + s + "\"" : value;
}
