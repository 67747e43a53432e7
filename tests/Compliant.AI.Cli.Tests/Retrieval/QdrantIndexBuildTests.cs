using Compliant.AI.Tests.Fakes;

namespace Compliant.AI.Cli.Tests.Retrieval;

/// <summary><c>compliant index build --qdrant URL --collection NAME</c> end to end, through real sockets to an in-process fake Qdrant.</summary>
public sealed class QdrantIndexBuildTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("compliant-cli-qdrant-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task IndexBuild_Qdrant_WritesChunksWithAclToTheCollection()
    {
        string docs = Path.Combine(_dir, "docs.jsonl");
        await File.WriteAllLinesAsync(docs,
        [
            """{"_id": "d1", "title": "Retention", "text": "Audit logs are retained for seven years."}""",
            """{"id": "d2", "text": "Board minutes are secret.", "acl": ["group:board"]}""",
        ]);
        var fake = new FakeQdrantServer(); // the gRPC fake behind Kestrel on a loopback port (HTTP/2)
        using var server = new LoopbackQdrantServer(fake);

        (int exit, string error) = await RunAsync("index", "build", "--input", docs, "--qdrant", server.Url.AbsoluteUri, "--collection", "policies", "--dimensions", "64", "--quiet");

        Assert.True(exit == 0, error);
        Assert.Contains("2 added", error, StringComparison.Ordinal);
        FakeQdrantCollectionState collection = fake.Collections["policies"];
        Assert.Equal(64, collection.VectorSize);
        Assert.Equal(2, collection.Points.Count);
        Assert.Contains(collection.Points.Values, p => p.Text("document_id") == "d2" && p.Texts("acl")!.SequenceEqual(["group:board"]));

        // Re-running with the same input is a no-op (document hashes match): nothing is upserted again.
        int upserts = fake.Requests.Count(r => r.Method == "qdrant.Points/Upsert");
        (int again, string againError) = await RunAsync("index", "build", "--input", docs, "--qdrant", server.Url.AbsoluteUri, "--collection", "policies", "--dimensions", "64", "--quiet");
        Assert.Equal(0, again);
        Assert.Contains("2 unchanged", againError, StringComparison.Ordinal);
        Assert.Equal(upserts, fake.Requests.Count(r => r.Method == "qdrant.Points/Upsert"));
    }

    [Fact]
    public async Task IndexBuild_QdrantAndIndex_WritesBoth()
    {
        string docs = Path.Combine(_dir, "docs.jsonl");
        await File.WriteAllLinesAsync(docs, ["""{"id": "d1", "text": "Audit logs are retained for seven years."}"""]);
        var fake = new FakeQdrantServer();
        using var server = new LoopbackQdrantServer(fake);

        (int exit, _) = await RunAsync("index", "build", "--input", docs, "--index", Path.Combine(_dir, "idx"), "--qdrant", server.Url.AbsoluteUri, "--quiet");

        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(_dir, "idx", "bm25.idx")));
        Assert.Single(fake.Collections["compliant_chunks"].Points);
    }

    [Fact]
    public async Task IndexBuild_QdrantUnreachable_ExitsTwoWithOneLineReason()
    {
        string docs = Path.Combine(_dir, "docs.jsonl");
        await File.WriteAllLinesAsync(docs, ["""{"id": "d1", "text": "x"}"""]);

        (int exit, string error) = await RunAsync("index", "build", "--input", docs, "--qdrant", "http://127.0.0.1:1/", "--quiet");

        Assert.Equal(2, exit);
        Assert.StartsWith("error: qdrant at http://127.0.0.1:1/", error, StringComparison.Ordinal);
        Assert.Contains("could not be reached", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:6333")]
    [InlineData("ftp://qdrant.test")]
    [InlineData("not a url")]
    public async Task IndexBuild_QdrantUrlNotHttp_ExitsTwo(string url)
    {
        (int exit, string error) = await RunAsync("index", "build", "--qdrant", url, "--quiet");

        Assert.Equal(2, exit);
        Assert.Contains("--qdrant must be an http or https URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexBuild_NeitherIndexNorQdrant_ExitsTwo()
    {
        (int exit, string error) = await RunAsync("index", "build", "--quiet");

        Assert.Equal(2, exit);
        Assert.Contains("--index DIR, --qdrant URL", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CliApp.CreateRootCommand().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, error.ToString());
    }
}
