using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Compliant.AI.Benchmarks.Retrieval.QdrantRest;
using QdrantJsonContext = Compliant.AI.Benchmarks.Retrieval.QdrantRest.Wire.QdrantJsonContext;
using QueryPointsRequest = Compliant.AI.Benchmarks.Retrieval.QdrantRest.Wire.QueryPointsRequest;
using Google.Protobuf;
using PointStruct = Qdrant.Client.Grpc.PointStruct;
using QueryResponse = Qdrant.Client.Grpc.QueryResponse;
using ScoredPoint = Qdrant.Client.Grpc.ScoredPoint;

namespace Compliant.AI.Benchmarks.Retrieval;

/// <summary>
/// The client-side cost of one Qdrant query: build the request (384-dimension vector, the caller's ACL filter), send it
/// through the transport, parse the answer (10 points with policy-sized payloads) and map and post-check every point.
/// <see cref="Grpc"/> is the shipped store (<c>QdrantVectorStore.SearchAsync</c> through <c>Qdrant.Client</c> and a
/// <c>GrpcChannel</c>); <see cref="Rest"/> is the REST connector it replaced (JSON over <c>HttpClient</c>), doing the same
/// work. Both talk to an in-process handler that reads the whole request body and answers prebuilt bytes of the same
/// 10 points, so the server's own cost is excluded and the network is zero.
/// </summary>
[Config(typeof(RetrievalBenchmarkConfig))]
public class QdrantConnectorBenchmarks
{
    private const int Dimensions = 384;
    private const int Points = 10;

    private QdrantVectorStore _grpcStore = null!;
    private QdrantRestClient _restClient = null!;
    private HttpClient _grpcHttp = null!;
    private HttpClient _restHttp = null!;
    private float[] _vector = null!;
    private ChunkSearchFilter _filter = null!;

    /// <summary>Gets or sets how many groups the caller has (each one is a principal in the ACL condition).</summary>
    [Params(8, 300)]
    public int Groups { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _vector = [.. Enumerable.Range(0, Dimensions).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        _filter = ChunkSearchFilter.ForCaller(new CallerContext("u42", Enumerable.Range(0, Groups).Select(i => "ward-" + i)));
        string[] vocabulary = SyntheticCorpus.Vocabulary(5_000);
        EmbeddedChunk[] chunks = [.. Enumerable.Range(0, Points).Select(i =>
        {
            DocumentChunk chunk = SyntheticCorpus.Chunk(i, SyntheticCorpus.Text(random, vocabulary, 80), [PrincipalNames.Everyone, PrincipalNames.Group("ward-" + i)]);
            return new EmbeddedChunk(chunk, _vector);
        })];

        // The same 10 points as a gRPC QueryResponse frame and as a REST query_points JSON body.
        var grpcAnswer = new QueryResponse();
        var restPoints = new JsonArray();
        for (int i = 0; i < chunks.Length; i++)
        {
            PointStruct point = Compliant.AI.Internal.QdrantChunkMapping.ToPoint(chunks[i]);
            var scored = new ScoredPoint { Id = point.Id, Score = 0.9f - (i * 0.01f), Version = 3 };
            scored.Payload.Add(point.Payload);
            grpcAnswer.Result.Add(scored);

            QdrantRest.Wire.PointStruct restPoint = QdrantRest.QdrantChunkMapping.ToPoint(chunks[i]);
            restPoints.Add(new JsonObject
            {
                ["id"] = restPoint.Id,
                ["version"] = 3,
                ["score"] = 0.9 - (i * 0.01),
                ["payload"] = JsonSerializer.SerializeToNode(restPoint.Payload, QdrantJsonContext.Default.ChunkPayload),
            });
        }

        byte[] grpcBody = grpcAnswer.ToByteArray();
        byte[] grpcFrame = new byte[5 + grpcBody.Length];
        BinaryPrimitives.WriteUInt32BigEndian(grpcFrame.AsSpan(1), (uint)grpcBody.Length);
        grpcBody.CopyTo(grpcFrame, 5);
        byte[] restBody = Encoding.UTF8.GetBytes(new JsonObject { ["result"] = new JsonObject { ["points"] = restPoints }, ["status"] = "ok", ["time"] = 0.001 }.ToJsonString());
        Console.WriteLine($"// response bytes: gRPC {grpcFrame.Length}, REST {restBody.Length}");

        var options = new QdrantOptions { Endpoint = new Uri("http://qdrant.bench:6334"), VectorSize = Dimensions, CreateCollectionIfMissing = false };
        _grpcHttp = new HttpClient(new CannedHandler(grpcFrame, grpc: true));
        _grpcStore = new QdrantVectorStore(_grpcHttp, options);
        _restHttp = new HttpClient(new CannedHandler(restBody, grpc: false));
        _restClient = new QdrantRestClient(() => _restHttp, new QdrantOptions { Endpoint = new Uri("http://qdrant.bench:6333"), VectorSize = Dimensions });

        int grpcHits = Grpc().GetAwaiter().GetResult();
        int restHits = Rest().GetAwaiter().GetResult();
        if (grpcHits != Points || restHits != Points)
        {
            throw new InvalidOperationException($"Expected {Points} hits from each connector, got gRPC {grpcHits}, REST {restHits}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _grpcStore.Dispose();
        _grpcHttp.Dispose();
        _restHttp.Dispose();
    }

    /// <summary>The shipped connector: <c>QdrantVectorStore.SearchAsync</c> through <c>Qdrant.Client</c> over gRPC.</summary>
    [Benchmark]
    public async Task<int> Grpc()
    {
        ChunkSearchResult result = await _grpcStore.SearchAsync(_vector, _filter, Points);
        return result.Hits.Count;
    }

    /// <summary>The replaced REST connector doing the same: filter, JSON request, JSON answer, map and post-check.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> Rest()
    {
        var request = new QueryPointsRequest { Query = _vector, Filter = QdrantRest.QdrantAccessFilter.ForCaller(_filter), Limit = Points, WithPayload = true };
        IReadOnlyList<QdrantRest.Wire.ScoredPoint> points = await _restClient.QueryAsync("compliant_chunks", request, default);
        int hits = 0;
        foreach (QdrantRest.Wire.ScoredPoint point in points)
        {
            if (QdrantRest.QdrantChunkMapping.TryReadChunk(point.Payload, out DocumentChunk? chunk) && _filter.Allows(chunk))
            {
                hits++;
            }
        }

        return hits;
    }

    /// <summary>Reads the whole request (so its serialization is paid) and answers the prebuilt bytes.</summary>
    private sealed class CannedHandler(byte[] answer, bool grpc) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _ = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Version = grpc ? HttpVersion.Version20 : HttpVersion.Version11, Content = new ByteArrayContent(answer) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue(grpc ? "application/grpc" : "application/json");
            if (grpc)
            {
                response.TrailingHeaders.Add("grpc-status", "0");
            }

            return response;
        }
    }
}
