using System.CommandLine;
using System.Globalization;

namespace Compliant.AI.Cli.Retrieval;

/// <summary>
/// The <c>--qdrant URL --collection NAME</c> target of <c>compliant index build</c>: chunks are embedded (offline
/// <see cref="HashingEmbeddingGenerator"/>, <c>--dimensions</c> wide) and written to a Qdrant collection through its gRPC API (the official Qdrant.Client).
/// </summary>
/// <remarks>The API key is read from the <c>QDRANT_API_KEY</c> environment variable, never from the command line (shell history).</remarks>
internal sealed class QdrantIndexTarget : IDisposable
{
    private readonly HttpClient _http;
    private readonly QdrantVectorStore _store;

    private QdrantIndexTarget(HttpClient http, QdrantVectorStore store, IChunkIndex index)
    {
        _http = http;
        _store = store;
        Index = index;
    }

    public IChunkIndex Index { get; }

    public static Option<string?> UrlOption { get; } = new("--qdrant") { Description = "Also (or instead of --index) write the chunks to this Qdrant server's gRPC endpoint, e.g. http://localhost:6334 (API key from QDRANT_API_KEY)." };

    public static Option<string> CollectionOption { get; } = new("--collection") { Description = "The Qdrant collection (created with keyword indexes on acl and document_id when missing).", DefaultValueFactory = _ => "compliant_chunks" };

    public static Option<int> DimensionsOption { get; } = new("--dimensions") { Description = "Vector size of the offline hashing embeddings written to Qdrant.", DefaultValueFactory = _ => 384 };

    public static void AddOptions(Command command)
    {
        command.Options.Add(UrlOption);
        command.Options.Add(CollectionOption);
        command.Options.Add(DimensionsOption);
    }

    /// <summary>Creates the target when <c>--qdrant</c> is given and checks the server; returns an exit code and writes a one-line reason on failure.</summary>
    public static async Task<(QdrantIndexTarget? Target, int Exit)> CreateAsync(ParseResult parse, TextWriter stderr, CancellationToken cancellationToken)
    {
        string? urlText = parse.GetValue(UrlOption);
        if (urlText is null)
        {
            return (null, 0);
        }

        if (!Uri.TryCreate(urlText, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            await stderr.WriteLineAsync("error: --qdrant must be an http or https URL, for example http://localhost:6334").ConfigureAwait(false);
            return (null, 2);
        }

        int dimensions = parse.GetValue(DimensionsOption);
        var options = new QdrantOptions
        {
            Endpoint = url,
            ApiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY") is { Length: > 0 } key ? key : null,
            Collection = parse.GetValue(CollectionOption)!,
            VectorSize = dimensions,
        };

        if (dimensions < 8)
        {
            await stderr.WriteLineAsync("error: --dimensions must be at least 8").ConfigureAwait(false);
            return (null, 2);
        }

        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        QdrantVectorStore store;
        try
        {
            store = new QdrantVectorStore(http, options);
        }
        catch (ArgumentException ex)
        {
            http.Dispose();
            await stderr.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return (null, 2);
        }

        try
        {
            await store.EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (QdrantException ex)
        {
            store.Dispose();
            http.Dispose();
            await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"error: qdrant at {url}: {ex.Message}")).ConfigureAwait(false);
            return (null, 2);
        }

        return (new QdrantIndexTarget(http, store, new VectorChunkIndex(store, new HashingEmbeddingGenerator(dimensions))), 0);
    }

    public void Dispose()
    {
        _store.Dispose();
        _http.Dispose();
    }
}
