using System.CommandLine;

namespace Compliant.AI.Cli.Tests.Retrieval;

public sealed class RetrievalCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("compliant-cli-retrieval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CliApp.CreateRootCommand().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task IndexBuildThenSearch_WritesTrecRunDedupedPerDocumentAndHonoursAcl()
    {
        string docs = Path.Combine(_dir, "docs.jsonl");
        await File.WriteAllLinesAsync(docs,
        [
            """{"_id": "d1", "title": "Retention", "text": "Audit logs are retained for seven years. Audit logs are immutable."}""",
            """{"id": "d2", "text": "Travel needs receipts."}""",
            """{"id": "d3", "text": "Audit committee minutes are secret.", "acl": ["group:board"]}""",
        ]);
        string queries = Path.Combine(_dir, "q.jsonl");
        await File.WriteAllLinesAsync(queries, ["""{"_id": "q1", "text": "audit logs"}"""]);
        string index = Path.Combine(_dir, "idx");

        (int buildExit, _, string buildError) = await RunAsync("index", "build", "--input", docs, "--index", index, "--quiet");
        (int searchExit, string run, _) = await RunAsync("search", "--index", index, "--queries", queries, "--top", "10", "--format", "trec", "--run-tag", "t1");

        Assert.Equal(0, buildExit);
        Assert.Contains("3 added", buildError, StringComparison.Ordinal);
        string[] lines = run.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] first = Assert.Single(lines).Split(' ');
        Assert.Equal(["q1", "Q0", "d1", "1"], first[..4]);
        Assert.Equal("t1", first[5]);

        (_, string boardRun, _) = await RunAsync("search", "--index", index, "--queries", queries, "--group", "board");
        Assert.Contains(" d3 ", boardRun, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexBuild_BeirCorpusLines_ShowsProgressBarToTheEndAndIndexesEveryDocument()
    {
        // BEIR corpus.jsonl shape: "_id", "title" (often empty), "text", "metadata".
        string docs = Path.Combine(_dir, "corpus.jsonl");
        await File.WriteAllLinesAsync(docs, Enumerable.Range(0, 40).Select(i =>
            "{\"_id\": \"" + (1000 + i) + "\", \"title\": \"" + (i % 2 == 0 ? "" : "Study " + i) + "\", \"text\": \"Vitamin D intake in cohort " + i + " was measured over two years.\", \"metadata\": {}}")
            .Append(string.Empty));
        string index = Path.Combine(_dir, "beir");

        (int exit, _, string error) = await RunAsync("index", "build", "--input", docs, "--index", index);

        Assert.Equal(0, exit);
        Assert.Contains("\r[", error, StringComparison.Ordinal);
        Assert.Contains("[" + new string('#', 30) + "] 100% 40/40 docs, ", error, StringComparison.Ordinal);
        Assert.Contains("40 added", error, StringComparison.Ordinal);
        string queries = Path.Combine(_dir, "beir-q.jsonl");
        await File.WriteAllLinesAsync(queries, ["""{"_id": "7", "text": "vitamin D cohort 17", "metadata": {}}"""]);
        (int searchExit, string run, _) = await RunAsync("search", "--index", index, "--queries", queries, "--top", "1", "--format", "trec");
        Assert.Equal(0, searchExit);
        Assert.StartsWith("7 Q0 1017 1 ", run, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexBuild_Quiet_DrawsNoProgressBar()
    {
        string docs = Path.Combine(_dir, "q.jsonl");
        await File.WriteAllLinesAsync(docs, ["""{"_id": "1", "title": "", "text": "One document."}"""]);

        (int exit, _, string error) = await RunAsync("index", "build", "--input", docs, "--index", Path.Combine(_dir, "qi"), "--quiet");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("\r", error, StringComparison.Ordinal);
        Assert.Contains("1 added", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexBuild_InvalidJsonLine_ExitsTwoWithReason()
    {
        string docs = Path.Combine(_dir, "bad.jsonl");
        await File.WriteAllTextAsync(docs, "{\"id\": \"a\", \"text\": \"ok\"}\n{not json\n");

        (int exit, _, string error) = await RunAsync("index", "build", "--input", docs, "--index", Path.Combine(_dir, "i"), "--quiet");

        Assert.Equal(2, exit);
        Assert.Contains("line 2", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexBuild_EmptyDocument_ExitsOneAndStillWritesTheOthers()
    {
        string docs = Path.Combine(_dir, "some.jsonl");
        await File.WriteAllTextAsync(docs, "{\"id\": \"a\", \"text\": \"fine text\"}\n{\"id\": \"b\", \"text\": \"  \"}\n");
        string index = Path.Combine(_dir, "i");

        (int exit, _, string error) = await RunAsync("index", "build", "--input", docs, "--index", index, "--quiet");

        Assert.Equal(1, exit);
        Assert.Contains("Empty", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(index, "bm25.idx")));
    }

    [Fact]
    public async Task Search_MissingIndex_ExitsTwo()
    {
        (int exit, _, string error) = await RunAsync("search", "--index", Path.Combine(_dir, "nope"), "--queries", Path.Combine(_dir, "q.jsonl"));

        Assert.Equal(2, exit);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }
}
