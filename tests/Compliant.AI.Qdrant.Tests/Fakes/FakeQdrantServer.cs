using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compliant.AI.Tests.Contract;

namespace Compliant.AI.Tests.Fakes;

/// <summary>One request the store sent.</summary>
public sealed record CapturedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, JsonElement? Body, string? ApiKey, string? OperationId)
{
    public string? Collection => Path.Split('/', StringSplitOptions.RemoveEmptyEntries) is ["collections", var name, ..] ? Uri.UnescapeDataString(name) : null;
}

/// <summary>A reply the fake sends; <paramref name="ValidateAgainstSpec"/> is false for deliberately malformed replies.</summary>
public sealed record FakeReply(HttpStatusCode Status, string Body, bool ValidateAgainstSpec = true, string MediaType = "application/json")
{
    public static FakeReply Ok(JsonNode? result) => new(HttpStatusCode.OK, Envelope(result));

    public static FakeReply Error(HttpStatusCode status, string error) =>
        new(status, new JsonObject { ["status"] = new JsonObject { ["error"] = error }, ["time"] = 0.0001 }.ToJsonString());

    public static string Envelope(JsonNode? result) =>
        new JsonObject { ["result"] = result, ["status"] = "ok", ["time"] = 0.0001 }.ToJsonString();
}

/// <summary>
/// An in-process Qdrant: a <see cref="HttpMessageHandler"/> that records every request, validates it against Qdrant's
/// OpenAPI spec when one is given (method and path exist, query parameters are declared, the JSON body matches the
/// operation's request schema in strict mode), and answers like a small Qdrant (collections, payload indexes, upsert,
/// query with cosine scores and payload filters, delete by filter, scroll, count) with responses that are themselves
/// validated against the spec's response schemas.
/// </summary>
public sealed class FakeQdrantServer : HttpMessageHandler
{
    private readonly object _gate = new();
    private readonly QdrantOpenApiSpec? _spec;
    private readonly List<CapturedRequest> _requests = [];
    private readonly List<string> _violations = [];

    public FakeQdrantServer(QdrantOpenApiSpec? spec = null) => _spec = spec;

    /// <summary>Gets the collections, by name.</summary>
    public Dictionary<string, FakeQdrantCollectionState> Collections { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets a value indicating whether queries and scrolls ignore their filters (a misbehaving server).</summary>
    public bool IgnoreFilters { get; set; }

    /// <summary>Gets or sets a hook that can answer a request instead of the fake (return null to let the fake answer).</summary>
    public Func<CapturedRequest, CancellationToken, Task<FakeReply?>>? Intercept { get; set; }

    public IReadOnlyList<CapturedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    public HttpClient CreateClient() => new(this, disposeHandler: false);

    public FakeQdrantCollectionState AddCollection(string name, int vectorSize)
    {
        var collection = new FakeQdrantCollectionState(vectorSize);
        Collections[name] = collection;
        return collection;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? text = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        JsonElement? body = string.IsNullOrEmpty(text) ? null : JsonDocument.Parse(text).RootElement.Clone();
        Uri uri = request.RequestUri!;
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = pair.Split('=', 2);
            query[Uri.UnescapeDataString(parts[0])] = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
        }

        string? apiKey = request.Headers.TryGetValues("api-key", out IEnumerable<string>? keys) ? keys.Single() : null;
        SpecOperation? operation = _spec?.FindOperation(request.Method.Method, uri.AbsolutePath);
        var captured = new CapturedRequest(request.Method.Method, uri.AbsolutePath, query, body, apiKey, operation?.OperationId);
        lock (_gate)
        {
            _requests.Add(captured);
        }

        if (_spec is not null)
        {
            ValidateRequest(captured, operation, request.Content?.Headers.ContentType?.MediaType);
        }

        FakeReply reply = (Intercept is null ? null : await Intercept(captured, cancellationToken)) ?? Handle(captured);
        if (_spec is not null && operation is not null && reply.ValidateAgainstSpec)
        {
            ValidateResponse(operation, reply);
        }

        return new HttpResponseMessage(reply.Status)
        {
            Content = new StringContent(reply.Body, Encoding.UTF8, reply.MediaType),
            RequestMessage = request,
        };
    }

    private void ValidateRequest(CapturedRequest request, SpecOperation? operation, string? mediaType)
    {
        var errors = new List<string>();
        if (operation is null)
        {
            errors.Add($"{request.Method} {request.Path}: no such operation in the spec");
        }
        else
        {
            foreach ((string name, string value) in request.Query)
            {
                if (operation.QueryParameter(name) is not { } schema)
                {
                    errors.Add($"{operation.OperationId}: query parameter '{name}' is not declared");
                    continue;
                }

                JsonElement parsed = IsLiteralType(schema) ? JsonDocument.Parse(value).RootElement.Clone() : JsonSerializer.SerializeToElement(value);
                errors.AddRange(_spec!.StrictValidator.Validate(parsed, schema, $"{operation.OperationId}?{name}"));
            }

            JsonElement? requestSchema = operation.RequestSchema;
            if (request.Body is { } body)
            {
                if (requestSchema is null)
                {
                    errors.Add($"{operation.OperationId}: the operation takes no request body");
                }
                else
                {
                    if (mediaType != "application/json")
                    {
                        errors.Add($"{operation.OperationId}: content type is {mediaType}, not application/json");
                    }

                    errors.AddRange(_spec!.StrictValidator.Validate(body, requestSchema.Value, operation.OperationId));
                }
            }
            else if (requestSchema is not null)
            {
                errors.Add($"{operation.OperationId}: the request body is missing");
            }
        }

        lock (_gate)
        {
            _violations.AddRange(errors.Select(e => "request " + e));
        }
    }

    private void ValidateResponse(SpecOperation operation, FakeReply reply)
    {
        if (operation.ResponseSchema((int)reply.Status) is not { } schema)
        {
            lock (_gate)
            {
                _violations.Add($"response {operation.OperationId}: status {(int)reply.Status} is not documented");
            }

            return;
        }

        IReadOnlyList<string> errors = _spec!.StrictValidator.Validate(JsonDocument.Parse(reply.Body).RootElement, schema, operation.OperationId);
        lock (_gate)
        {
            _violations.AddRange(errors.Select(e => "response (fake is wrong) " + e));
        }
    }

    private static bool IsLiteralType(JsonElement schema) =>
        schema.TryGetProperty("type", out JsonElement type) && type.GetString() is "boolean" or "integer" or "number";

    private FakeReply Handle(CapturedRequest request)
    {
        string[] segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is not ["collections", _, ..])
        {
            return FakeReply.Error(HttpStatusCode.NotFound, "Not found");
        }

        string name = request.Collection!;
        string rest = string.Join('/', segments.Skip(2));
        lock (_gate)
        {
            Collections.TryGetValue(name, out FakeQdrantCollectionState? collection);
            switch (request.Method, rest)
            {
                case ("GET", "exists"):
                    return FakeReply.Ok(new JsonObject { ["exists"] = collection is not null });
                case ("PUT", ""):
                    if (collection is not null)
                    {
                        return FakeReply.Error(HttpStatusCode.Conflict, $"Wrong input: Collection `{name}` already exists!");
                    }

                    JsonElement vectors = request.Body!.Value.GetProperty("vectors");
                    Collections[name] = new FakeQdrantCollectionState(vectors.GetProperty("size").GetInt32()) { Distance = vectors.GetProperty("distance").GetString()! };
                    return FakeReply.Ok(true);
                case ("DELETE", ""):
                    return FakeReply.Ok(Collections.Remove(name));
            }

            if (collection is null)
            {
                return FakeReply.Error(HttpStatusCode.NotFound, $"Not found: Collection `{name}` doesn't exist!");
            }

            return (request.Method, rest) switch
            {
                ("PUT", "index") => CreateIndex(collection, request.Body!.Value),
                ("PUT", "points") => Upsert(collection, request.Body!.Value),
                ("POST", "points/query") => Query(collection, request.Body!.Value),
                ("POST", "points/delete") => Delete(collection, request.Body!.Value),
                ("POST", "points/scroll") => Scroll(collection, request.Body!.Value),
                ("POST", "points/count") => Count(collection, request.Body!.Value),
                _ => FakeReply.Error(HttpStatusCode.NotFound, "Not found"),
            };
        }
    }

    private static FakeReply UpdateCompleted(FakeQdrantCollectionState collection) =>
        FakeReply.Ok(new JsonObject { ["operation_id"] = ++collection.OperationId, ["status"] = "completed" });

    private static FakeReply CreateIndex(FakeQdrantCollectionState collection, JsonElement body)
    {
        collection.Indexes[body.GetProperty("field_name").GetString()!] = body.GetProperty("field_schema").GetRawText();
        return UpdateCompleted(collection);
    }

    private static FakeReply Upsert(FakeQdrantCollectionState collection, JsonElement body)
    {
        var staged = new List<FakePoint>();
        foreach (JsonElement point in body.GetProperty("points").EnumerateArray())
        {
            float[] vector = point.GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            if (vector.Length != collection.VectorSize)
            {
                return FakeReply.Error(HttpStatusCode.BadRequest, $"Wrong input: Vector dimension error: expected dim: {collection.VectorSize}, got {vector.Length}");
            }

            staged.Add(new FakePoint(point.GetProperty("id").GetString()!, vector, point.TryGetProperty("payload", out JsonElement payload) ? payload.Clone() : default));
        }

        foreach (FakePoint point in staged)
        {
            collection.Points[point.Id] = point;
        }

        return UpdateCompleted(collection);
    }

    private FakeReply Query(FakeQdrantCollectionState collection, JsonElement body)
    {
        float[] query = body.GetProperty("query").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        int limit = body.TryGetProperty("limit", out JsonElement l) ? l.GetInt32() : 10;
        bool withPayload = !body.TryGetProperty("with_payload", out JsonElement wp) || wp.ValueKind != JsonValueKind.False;
        JsonElement? filter = body.TryGetProperty("filter", out JsonElement f) ? f : null;
        var points = collection.Points.Values
            .Where(p => IgnoreFilters || filter is null || FakeFilter.Matches(filter.Value, p.Id, p.Payload))
            .Select(p => (Point: p, Score: Cosine(query, p.Vector)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Point.Id, StringComparer.Ordinal)
            .Take(limit)
            .Select(x => (JsonNode)new JsonObject
            {
                ["id"] = x.Point.Id,
                ["version"] = collection.OperationId,
                ["score"] = x.Score,
                ["payload"] = withPayload ? JsonNode.Parse(x.Point.Payload.GetRawText()) : null,
            });
        return FakeReply.Ok(new JsonObject { ["points"] = new JsonArray([.. points]) });
    }

    private static FakeReply Delete(FakeQdrantCollectionState collection, JsonElement body)
    {
        JsonElement filter = body.GetProperty("filter");
        foreach (FakePoint point in collection.Points.Values.Where(p => FakeFilter.Matches(filter, p.Id, p.Payload)).ToList())
        {
            collection.Points.Remove(point.Id);
        }

        return UpdateCompleted(collection);
    }

    private FakeReply Scroll(FakeQdrantCollectionState collection, JsonElement body)
    {
        int limit = body.TryGetProperty("limit", out JsonElement l) ? l.GetInt32() : 10;
        JsonElement? filter = body.TryGetProperty("filter", out JsonElement f) && f.ValueKind != JsonValueKind.Null ? f : null;
        string? offset = body.TryGetProperty("offset", out JsonElement o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
        JsonElement withPayload = body.TryGetProperty("with_payload", out JsonElement wp) ? wp : default;
        var matching = collection.Points.Values
            .Where(p => IgnoreFilters || filter is null || FakeFilter.Matches(filter.Value, p.Id, p.Payload))
            .Where(p => offset is null || string.CompareOrdinal(p.Id, offset) >= 0)
            .Take(limit + 1)
            .ToList();
        var page = matching.Take(limit).Select(p => (JsonNode)new JsonObject { ["id"] = p.Id, ["payload"] = SelectPayload(p.Payload, withPayload) });
        return FakeReply.Ok(new JsonObject
        {
            ["points"] = new JsonArray([.. page]),
            ["next_page_offset"] = matching.Count > limit ? matching[limit].Id : null,
        });
    }

    private FakeReply Count(FakeQdrantCollectionState collection, JsonElement body)
    {
        JsonElement? filter = body.TryGetProperty("filter", out JsonElement f) && f.ValueKind != JsonValueKind.Null ? f : null;
        int count = collection.Points.Values.Count(p => filter is null || FakeFilter.Matches(filter.Value, p.Id, p.Payload));
        return FakeReply.Ok(new JsonObject { ["count"] = count });
    }

    private static JsonObject? SelectPayload(JsonElement payload, JsonElement withPayload)
    {
        if (withPayload.ValueKind == JsonValueKind.False)
        {
            return null;
        }

        var node = JsonNode.Parse(payload.GetRawText())!.AsObject();
        if (withPayload.ValueKind == JsonValueKind.Array)
        {
            var keep = withPayload.EnumerateArray().Select(k => k.GetString()!).ToHashSet(StringComparer.Ordinal);
            foreach (string key in node.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                node.Remove(key);
            }
        }

        return node;
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return na == 0 || nb == 0 ? 0 : Math.Round(dot / Math.Sqrt(na * nb), 6);
    }
}

public sealed class FakeQdrantCollectionState(int vectorSize)
{
    public int VectorSize { get; } = vectorSize;

    public string Distance { get; set; } = "Cosine";

    public SortedDictionary<string, FakePoint> Points { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Indexes { get; } = new(StringComparer.Ordinal);

    public long OperationId { get; set; }
}

public sealed record FakePoint(string Id, float[] Vector, JsonElement Payload);

/// <summary>Qdrant's filter semantics for the subset the store uses: must/should/must_not, match value/any (arrays match if any element does), has_id, nested filters.</summary>
public static class FakeFilter
{
    public static bool Matches(JsonElement filter, string id, JsonElement payload)
    {
        if (filter.TryGetProperty("must", out JsonElement must) && must.ValueKind != JsonValueKind.Null && !Conditions(must).All(c => Condition(c, id, payload)))
        {
            return false;
        }

        if (filter.TryGetProperty("should", out JsonElement should) && should.ValueKind != JsonValueKind.Null && !Conditions(should).Any(c => Condition(c, id, payload)))
        {
            return false;
        }

        return !(filter.TryGetProperty("must_not", out JsonElement mustNot) && mustNot.ValueKind != JsonValueKind.Null && Conditions(mustNot).Any(c => Condition(c, id, payload)));
    }

    private static JsonElement[] Conditions(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? [.. element.EnumerateArray()] : [element];

    private static bool Condition(JsonElement condition, string id, JsonElement payload)
    {
        if (condition.TryGetProperty("key", out JsonElement key))
        {
            List<JsonElement> values = Lookup(payload, key.GetString()!);
            JsonElement match = condition.GetProperty("match");
            if (match.TryGetProperty("value", out JsonElement value))
            {
                return values.Any(v => JsonElement.DeepEquals(v, value));
            }

            if (match.TryGetProperty("any", out JsonElement any))
            {
                return values.Any(v => any.EnumerateArray().Any(a => JsonElement.DeepEquals(v, a)));
            }

            throw new NotSupportedException("match " + match.GetRawText());
        }

        if (condition.TryGetProperty("has_id", out JsonElement hasId))
        {
            return hasId.EnumerateArray().Any(h => h.GetString() == id);
        }

        if (condition.TryGetProperty("must", out _) || condition.TryGetProperty("should", out _) || condition.TryGetProperty("must_not", out _))
        {
            return Matches(condition, id, payload);
        }

        throw new NotSupportedException("condition " + condition.GetRawText());
    }

    private static List<JsonElement> Lookup(JsonElement payload, string key)
    {
        JsonElement current = payload;
        foreach (string part in key.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return [];
            }
        }

        return current.ValueKind == JsonValueKind.Array ? [.. current.EnumerateArray()] : [current];
    }
}
