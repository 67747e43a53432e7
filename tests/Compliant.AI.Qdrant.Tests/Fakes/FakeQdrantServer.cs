using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Compliant.AI.Tests.Fakes;

/// <summary>One gRPC call the fake received: the full method name, the decoded request message and the call headers.</summary>
public sealed record CapturedCall(string Method, IMessage Request, string? ApiKey, string? GrpcTimeout)
{
    /// <summary>Gets the method name without the service, for example <c>Query</c>.</summary>
    public string Name => Method[(Method.LastIndexOf('/') + 1)..];

    /// <summary>Gets the collection the call names.</summary>
    public string? Collection => Request switch
    {
        CollectionExistsRequest r => r.CollectionName,
        GetCollectionInfoRequest r => r.CollectionName,
        CreateCollection r => r.CollectionName,
        DeleteCollection r => r.CollectionName,
        CreateFieldIndexCollection r => r.CollectionName,
        UpsertPoints r => r.CollectionName,
        DeletePoints r => r.CollectionName,
        QueryPoints r => r.CollectionName,
        ScrollPoints r => r.CollectionName,
        CountPoints r => r.CollectionName,
        _ => null,
    };
}

/// <summary>What an interceptor answers instead of the fake's own behaviour.</summary>
public sealed record FakeReply
{
    public IMessage? Message { get; init; }

    public StatusCode Status { get; init; } = StatusCode.OK;

    public string? Detail { get; init; }

    /// <summary>Raw HTTP instead of gRPC (a proxy's HTML page, a garbage body).</summary>
    public HttpResponseMessage? Raw { get; init; }

    public static FakeReply Ok(IMessage message) => new() { Message = message };

    public static FakeReply Error(StatusCode status, string detail) => new() { Status = status, Detail = detail };
}

/// <summary>
/// A small in-process Qdrant that speaks the real gRPC protocol: an <see cref="HttpMessageHandler"/> under a
/// <c>GrpcChannel</c> that decodes the length-prefixed gRPC frames into <c>Qdrant.Client.Grpc</c> request messages
/// (the official client's own generated types), behaves like Qdrant for the calls Compliant.AI makes (collection
/// exists/get/create/delete, create field index, upsert, delete by filter, query with filter, scroll, count) and
/// answers with real response messages, a <c>grpc-status</c> trailer, or a trailers-only error.
/// </summary>
/// <remarks>
/// <see cref="IgnoreFilters"/> makes it a server that ignores every filter (to prove the post-check);
/// <see cref="Intercept"/> answers a call instead (errors, garbage, a server that never answers).
/// </remarks>
public sealed class FakeQdrantServer : HttpMessageHandler
{
    private readonly Lock _lock = new();
    private readonly List<CapturedCall> _calls = [];

    public Dictionary<string, FakeQdrantCollectionState> Collections { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets a value indicating whether the fake ignores every filter, as a misconfigured or compromised server might.</summary>
    public bool IgnoreFilters { get; set; }

    /// <summary>Gets or sets a callback that may answer a call instead of the fake (return <see langword="null"/> to let the fake answer).</summary>
    public Func<CapturedCall, CancellationToken, Task<FakeReply?>>? Intercept { get; set; }

    public IReadOnlyList<CapturedCall> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public HttpClient CreateClient() => new(this, disposeHandler: false);

    public FakeQdrantCollectionState AddCollection(string name, int vectorSize)
    {
        var state = new FakeQdrantCollectionState(vectorSize);
        lock (_lock)
        {
            Collections[name] = state;
        }

        return state;
    }

    /// <summary>Encodes one message as a gRPC frame (uncompressed flag, big-endian length, bytes).</summary>
    public static byte[] Frame(IMessage message)
    {
        byte[] body = message.ToByteArray();
        byte[] frame = new byte[5 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)body.Length);
        body.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>An OK gRPC response carrying the message.</summary>
    public static HttpResponseMessage GrpcResponse(IMessage message)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, Content = new ByteArrayContent(Frame(message)) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        response.TrailingHeaders.Add("grpc-status", "0");
        return response;
    }

    /// <summary>A trailers-only gRPC error response, as a server sends when it fails a call before any message.</summary>
    public static HttpResponseMessage GrpcError(StatusCode status, string? detail)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, Content = new ByteArrayContent([]) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        response.Headers.Add("grpc-status", ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (detail is not null)
        {
            response.Headers.Add("grpc-message", Uri.EscapeDataString(detail));
        }

        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Version.Major != 2 || request.Content?.Headers.ContentType?.MediaType != "application/grpc" || request.Method != HttpMethod.Post)
        {
            return new HttpResponseMessage(HttpStatusCode.UnsupportedMediaType) { Content = new StringContent("not a gRPC request") };
        }

        // The last two path segments are service/method; anything before them is a path base (a gateway prefix).
        string[] segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string method = segments.Length >= 2 ? segments[^2] + "/" + segments[^1] : string.Empty;
        byte[] body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length < 5 || body[0] != 0 || BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1)) != body.Length - 5)
        {
            return GrpcError(StatusCode.Internal, "malformed gRPC frame");
        }

        IMessage? message = Parse(method, body.AsMemory(5));
        if (message is null)
        {
            return GrpcError(StatusCode.Unimplemented, "unknown method " + method);
        }

        string? apiKey = request.Headers.TryGetValues("api-key", out IEnumerable<string>? keys) ? keys.FirstOrDefault() : null;
        string? timeout = request.Headers.TryGetValues("grpc-timeout", out IEnumerable<string>? timeouts) ? timeouts.FirstOrDefault() : null;
        var call = new CapturedCall(method, message, apiKey, timeout);
        lock (_lock)
        {
            _calls.Add(call);
        }

        if (Intercept is { } intercept && await intercept(call, cancellationToken).ConfigureAwait(false) is { } reply)
        {
            return reply.Raw ?? (reply.Message is { } m ? GrpcResponse(m) : GrpcError(reply.Status, reply.Detail));
        }

        try
        {
            lock (_lock)
            {
                return GrpcResponse(Handle(message));
            }
        }
        catch (RpcException ex)
        {
            return GrpcError(ex.StatusCode, ex.Status.Detail);
        }
    }

    private static IMessage? Parse(string method, ReadOnlyMemory<byte> bytes) => method switch
    {
        "qdrant.Collections/CollectionExists" => CollectionExistsRequest.Parser.ParseFrom(bytes.Span),
        "qdrant.Collections/Get" => GetCollectionInfoRequest.Parser.ParseFrom(bytes.Span),
        "qdrant.Collections/Create" => CreateCollection.Parser.ParseFrom(bytes.Span),
        "qdrant.Collections/Delete" => DeleteCollection.Parser.ParseFrom(bytes.Span),
        "qdrant.Points/CreateFieldIndex" => CreateFieldIndexCollection.Parser.ParseFrom(bytes.Span),
        "qdrant.Points/Upsert" => UpsertPoints.Parser.ParseFrom(bytes.Span),
        "qdrant.Points/Delete" => DeletePoints.Parser.ParseFrom(bytes.Span),
        "qdrant.Points/Query" => QueryPoints.Parser.ParseFrom(bytes.Span),
        "qdrant.Points/Scroll" => ScrollPoints.Parser.ParseFrom(bytes.Span),
        "qdrant.Points/Count" => CountPoints.Parser.ParseFrom(bytes.Span),
        _ => null,
    };

    private static RpcException NotFound(string collection) => new(new Status(StatusCode.NotFound, $"Not found: Collection `{collection}` doesn't exist!"));

    private static UpdateResult Completed(FakeQdrantCollectionState state) => new() { OperationId = (ulong)++state.OperationId, Status = UpdateStatus.Completed };

    private FakeQdrantCollectionState Collection(string name) =>
        Collections.TryGetValue(name, out FakeQdrantCollectionState? state) ? state : throw NotFound(name);

    private IMessage Handle(IMessage message)
    {
        switch (message)
        {
            case CollectionExistsRequest r:
                return new CollectionExistsResponse { Result = new CollectionExists { Exists = Collections.ContainsKey(r.CollectionName) } };

            case GetCollectionInfoRequest r:
            {
                FakeQdrantCollectionState state = Collection(r.CollectionName);
                var info = new CollectionInfo { Status = CollectionStatus.Green, PointsCount = (ulong)state.Points.Count };
                foreach (KeyValuePair<string, PayloadSchemaType> index in state.Indexes)
                {
                    info.PayloadSchema[index.Key] = new PayloadSchemaInfo { DataType = index.Value, Points = (ulong)state.Points.Count };
                }

                return new GetCollectionInfoResponse { Result = info };
            }

            case CreateCollection r:
            {
                if (Collections.ContainsKey(r.CollectionName))
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"Wrong input: Collection `{r.CollectionName}` already exists!"));
                }

                VectorParams vectors = r.VectorsConfig?.Params ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "Wrong input: vectors config is required"));
                Collections[r.CollectionName] = new FakeQdrantCollectionState((int)vectors.Size) { Distance = vectors.Distance };
                return new CollectionOperationResponse { Result = true };
            }

            case DeleteCollection r:
                return new CollectionOperationResponse { Result = Collections.Remove(r.CollectionName) };

            case CreateFieldIndexCollection r:
            {
                FakeQdrantCollectionState state = Collection(r.CollectionName);
                state.Indexes[r.FieldName] = r.FieldType switch
                {
                    FieldType.Keyword => PayloadSchemaType.Keyword,
                    FieldType.Integer => PayloadSchemaType.Integer,
                    _ => PayloadSchemaType.UnknownType,
                };
                return new PointsOperationResponse { Result = Completed(state) };
            }

            case UpsertPoints r:
            {
                FakeQdrantCollectionState state = Collection(r.CollectionName);
                foreach (PointStruct point in r.Points)
                {
                    float[] vector = VectorOf(point.Vectors?.Vector);
                    if (vector.Length != state.VectorSize)
                    {
                        throw new RpcException(new Status(StatusCode.InvalidArgument, $"Wrong input: Vector dimension error: expected dim: {state.VectorSize}, got {vector.Length}"));
                    }

                    string id = IdOf(point.Id);
                    var payload = new MapField<string, Value>();
                    payload.Add(point.Payload);
                    state.Points[id] = new FakePoint(id, vector, payload);
                }

                return new PointsOperationResponse { Result = Completed(state) };
            }

            case DeletePoints r:
            {
                FakeQdrantCollectionState state = Collection(r.CollectionName);
                IEnumerable<string> doomed = r.Points.PointsSelectorOneOfCase switch
                {
                    PointsSelector.PointsSelectorOneOfOneofCase.Filter => state.Points.Values.Where(p => FakeFilter.Matches(r.Points.Filter, p.Id, p.Payload)).Select(p => p.Id),
                    PointsSelector.PointsSelectorOneOfOneofCase.Points => r.Points.Points.Ids.Select(IdOf),
                    _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "Wrong input: a points selector is required")),
                };
                foreach (string id in doomed.ToList())
                {
                    state.Points.Remove(id);
                }

                return new PointsOperationResponse { Result = Completed(state) };
            }

            case QueryPoints r:
            {
                FakeQdrantCollectionState state = Collection(r.CollectionName);
                float[] query = r.Query?.Nearest is { } nearest ? VectorOf(nearest) : throw new RpcException(new Status(StatusCode.InvalidArgument, "Wrong input: only nearest queries are supported by the fake"));
                if (query.Length != state.VectorSize)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"Wrong input: Vector dimension error: expected dim: {state.VectorSize}, got {query.Length}"));
                }

                ulong limit = r.HasLimit ? r.Limit : 10;
                var response = new QueryResponse();
                foreach ((FakePoint point, float score) in state.Points.Values
                    .Where(p => IgnoreFilters || r.Filter is null || FakeFilter.Matches(r.Filter, p.Id, p.Payload))
                    .Select(p => (p, Cosine(query, p.Vector)))
                    .OrderByDescending(x => x.Item2).ThenBy(x => x.p.Id, StringComparer.Ordinal)
                    .Take((int)limit))
                {
                    var scored = new ScoredPoint { Id = new PointId { Uuid = point.Id }, Score = score, Version = 1 };
                    if (r.WithPayload is { } selector)
                    {
                        AddPayload(scored.Payload, point.Payload, selector);
                    }

                    response.Result.Add(scored);
                }

                return response;
            }

            case ScrollPoints r:
            {
                FakeQdrantCollectionState state = Collection(r.CollectionName);
                int limit = r.HasLimit ? (int)r.Limit : 10;
                string? from = r.Offset is null ? null : IdOf(r.Offset);
                List<FakePoint> matching = [.. state.Points.Values
                    .Where(p => from is null || string.CompareOrdinal(p.Id, from) >= 0)
                    .Where(p => IgnoreFilters || r.Filter is null || FakeFilter.Matches(r.Filter, p.Id, p.Payload))
                    .Take(limit + 1)];
                var response = new ScrollResponse();
                foreach (FakePoint point in matching.Take(limit))
                {
                    var retrieved = new RetrievedPoint { Id = new PointId { Uuid = point.Id } };
                    AddPayload(retrieved.Payload, point.Payload, r.WithPayload ?? new WithPayloadSelector { Enable = false });
                    response.Result.Add(retrieved);
                }

                if (matching.Count > limit)
                {
                    response.NextPageOffset = new PointId { Uuid = matching[limit].Id };
                }

                return response;
            }

            case CountPoints r:
            {
                FakeQdrantCollectionState state = Collection(r.CollectionName);
                int count = state.Points.Values.Count(p => IgnoreFilters || r.Filter is null || FakeFilter.Matches(r.Filter, p.Id, p.Payload));
                return new CountResponse { Result = new CountResult { Count = (ulong)count } };
            }

            default:
                throw new RpcException(new Status(StatusCode.Unimplemented, "not implemented by the fake"));
        }
    }

    private static void AddPayload(MapField<string, Value> target, MapField<string, Value> payload, WithPayloadSelector selector)
    {
        switch (selector.SelectorOptionsCase)
        {
            case WithPayloadSelector.SelectorOptionsOneofCase.Enable when selector.Enable:
                target.Add(payload);
                break;
            case WithPayloadSelector.SelectorOptionsOneofCase.Include:
                foreach (string field in selector.Include.Fields)
                {
                    if (payload.TryGetValue(field, out Value? value))
                    {
                        target[field] = value;
                    }
                }

                break;
        }
    }

    private static string IdOf(PointId id) => id.PointIdOptionsCase == PointId.PointIdOptionsOneofCase.Uuid
        ? Guid.Parse(id.Uuid).ToString("D")
        : id.Num.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static float[] VectorOf(Vector? vector)
    {
        if (vector is null)
        {
            return [];
        }

#pragma warning disable CS0612 // older clients send the deprecated Vector.data field; a server accepts both
        return vector.Dense is { } dense ? [.. dense.Data] : [.. vector.Data];
#pragma warning restore CS0612
    }

    private static float[] VectorOf(VectorInput input) => input.Dense is { } dense
        ? [.. dense.Data]
        : throw new RpcException(new Status(StatusCode.InvalidArgument, "Wrong input: the fake supports dense query vectors only"));

    private static float Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return na == 0 || nb == 0 ? 0 : (float)(dot / (Math.Sqrt(na) * Math.Sqrt(nb)));
    }
}

public sealed class FakeQdrantCollectionState(int vectorSize)
{
    public int VectorSize { get; } = vectorSize;

    public Distance Distance { get; set; } = Distance.Cosine;

    public SortedDictionary<string, FakePoint> Points { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, PayloadSchemaType> Indexes { get; } = new(StringComparer.Ordinal);

    public long OperationId { get; set; }
}

public sealed record FakePoint(string Id, float[] Vector, MapField<string, Value> Payload)
{
    /// <summary>Gets a string payload field, or <see langword="null"/>.</summary>
    public string? Text(string key) => Payload.TryGetValue(key, out Value? v) && v.KindCase == Value.KindOneofCase.StringValue ? v.StringValue : null;

    /// <summary>Gets a string-list payload field, or <see langword="null"/>.</summary>
    public string[]? Texts(string key) => Payload.TryGetValue(key, out Value? v) && v.KindCase == Value.KindOneofCase.ListValue
        ? [.. v.ListValue.Values.Select(x => x.StringValue)]
        : null;
}

/// <summary>Qdrant's filter semantics for the conditions Compliant.AI sends: must/should/must_not, keyword match (value or any), has_id, nested filters.</summary>
public static class FakeFilter
{
    public static bool Matches(Filter filter, string id, MapField<string, Value> payload)
    {
        if (filter.Must.Any(c => !Matches(c, id, payload)))
        {
            return false;
        }

        if (filter.Should.Count > 0 && !filter.Should.Any(c => Matches(c, id, payload)))
        {
            return false;
        }

        return !filter.MustNot.Any(c => Matches(c, id, payload));
    }

    private static bool Matches(Condition condition, string id, MapField<string, Value> payload) => condition.ConditionOneOfCase switch
    {
        Condition.ConditionOneOfOneofCase.Field => MatchesField(condition.Field, payload),
        Condition.ConditionOneOfOneofCase.HasId => condition.HasId.HasId.Any(p => Guid.TryParse(p.Uuid, out Guid g) && g.ToString("D") == id),
        Condition.ConditionOneOfOneofCase.Filter => Matches(condition.Filter, id, payload),
        _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "Wrong input: condition not supported by the fake")),
    };

    private static bool MatchesField(FieldCondition field, MapField<string, Value> payload)
    {
        List<string> values = Resolve(field.Key, payload);
        Match match = field.Match ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "Wrong input: only match conditions are supported by the fake"));
        return match.MatchValueCase switch
        {
            Match.MatchValueOneofCase.Keyword => values.Contains(match.Keyword, StringComparer.Ordinal),
            Match.MatchValueOneofCase.Keywords => values.Any(v => match.Keywords.Strings.Contains(v)),
            _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "Wrong input: match kind not supported by the fake")),
        };
    }

    /// <summary>The string values at a key path (<c>a.b</c>); an array contributes each of its strings.</summary>
    private static List<string> Resolve(string key, MapField<string, Value> payload)
    {
        string[] parts = key.Split('.');
        Value? current = payload.TryGetValue(parts[0], out Value? first) ? first : null;
        for (int i = 1; i < parts.Length && current is not null; i++)
        {
            current = current.KindCase == Value.KindOneofCase.StructValue && current.StructValue.Fields.TryGetValue(parts[i], out Value? next) ? next : null;
        }

        return current?.KindCase switch
        {
            Value.KindOneofCase.StringValue => [current.StringValue],
            Value.KindOneofCase.ListValue => [.. current.ListValue.Values.Where(v => v.KindCase == Value.KindOneofCase.StringValue).Select(v => v.StringValue)],
            _ => [],
        };
    }
}
