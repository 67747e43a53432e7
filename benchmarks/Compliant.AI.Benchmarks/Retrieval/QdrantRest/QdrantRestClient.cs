// The REST connector Compliant.AI.Qdrant shipped until it moved onto Qdrant.Client (gRPC); kept here unchanged except
// for its namespace, only as the baseline of QdrantConnectorBenchmarks. Not shipped.
using Compliant.AI.Internal;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Compliant.AI.Benchmarks.Retrieval.QdrantRest.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliant.AI.Benchmarks.Retrieval.QdrantRest;

/// <summary>A small client for the few operations of Qdrant's REST API (openapi v1.19) that Compliant.AI needs.</summary>
/// <remarks>
/// <para>
/// Every call has its own timeout (<see cref="QdrantOptions.RequestTimeout"/>, measured on the <see cref="TimeProvider"/>)
/// and honours the caller's cancellation token: a cancelled call throws <see cref="OperationCanceledException"/>, every
/// other failure a <see cref="QdrantException"/> that says which operation failed and why.
/// </para>
/// <para>Thread-safe: it holds no per-call state.</para>
/// </remarks>
internal sealed class QdrantRestClient
{
    private const int MaxErrorBodyBytes = 64 * 1024;

    private readonly Func<HttpClient> _http;
    private readonly Uri _baseUri;
    private readonly string? _apiKey;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public QdrantRestClient(Func<HttpClient> http, QdrantOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        Uri endpoint = options.Endpoint ?? throw new ArgumentException("QdrantOptions.Endpoint is required.", nameof(options));
        if (!endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("QdrantOptions.Endpoint must be an absolute URI.", nameof(options));
        }

        _baseUri = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        _apiKey = string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey;
        _timeout = options.RequestTimeout;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    public async Task<bool> CollectionExistsAsync(string collection, CancellationToken cancellationToken)
    {
        CollectionExistence? result = await SendAsync<object, CollectionExistence>(
            HttpMethod.Get, CollectionPath(collection, "/exists"), "collection_exists", collection, null, null, QdrantJsonContext.Default.QdrantResponseCollectionExistence, cancellationToken).ConfigureAwait(false);
        return result?.Exists ?? throw MissingResult("collection_exists");
    }

    public async Task CreateCollectionAsync(string collection, int vectorSize, QdrantDistance distance, CancellationToken cancellationToken)
    {
        var body = new CreateCollectionRequest { Vectors = new VectorParams { Size = vectorSize, Distance = distance.ToString() } };
        _ = await SendAsync(HttpMethod.Put, CollectionPath(collection, string.Empty), "create_collection", collection, body, QdrantJsonContext.Default.CreateCollectionRequest, QdrantJsonContext.Default.QdrantResponseBoolean, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteCollectionAsync(string collection, CancellationToken cancellationToken) =>
        _ = await SendAsync<object, bool>(HttpMethod.Delete, CollectionPath(collection, string.Empty), "delete_collection", collection, null, null, QdrantJsonContext.Default.QdrantResponseBoolean, cancellationToken).ConfigureAwait(false);

    public async Task CreatePayloadIndexAsync(string collection, string fieldName, string fieldSchema, CancellationToken cancellationToken)
    {
        var body = new CreateFieldIndexRequest { FieldName = fieldName, FieldSchema = fieldSchema };
        UpdateResult? result = await SendAsync(HttpMethod.Put, CollectionPath(collection, "/index?wait=true"), "create_field_index", collection, body, QdrantJsonContext.Default.CreateFieldIndexRequest, QdrantJsonContext.Default.QdrantResponseUpdateResult, cancellationToken).ConfigureAwait(false);
        EnsureCompleted(result, "create_field_index");
    }

    public async Task UpsertAsync(string collection, IReadOnlyList<PointStruct> points, CancellationToken cancellationToken)
    {
        var body = new UpsertPointsRequest { Points = points };
        UpdateResult? result = await SendAsync(HttpMethod.Put, CollectionPath(collection, "/points?wait=true"), "upsert_points", collection, body, QdrantJsonContext.Default.UpsertPointsRequest, QdrantJsonContext.Default.QdrantResponseUpdateResult, cancellationToken).ConfigureAwait(false);
        EnsureCompleted(result, "upsert_points");
    }

    public async Task DeletePointsAsync(string collection, Filter filter, CancellationToken cancellationToken)
    {
        var body = new DeletePointsRequest { Filter = filter };
        UpdateResult? result = await SendAsync(HttpMethod.Post, CollectionPath(collection, "/points/delete?wait=true"), "delete_points", collection, body, QdrantJsonContext.Default.DeletePointsRequest, QdrantJsonContext.Default.QdrantResponseUpdateResult, cancellationToken).ConfigureAwait(false);
        EnsureCompleted(result, "delete_points");
    }

    public async Task<IReadOnlyList<ScoredPoint>> QueryAsync(string collection, QueryPointsRequest request, CancellationToken cancellationToken)
    {
        QueryResponse? result = await SendAsync(HttpMethod.Post, CollectionPath(collection, "/points/query"), "query_points", collection, request, QdrantJsonContext.Default.QueryPointsRequest, QdrantJsonContext.Default.QdrantResponseQueryResponse, cancellationToken).ConfigureAwait(false);
        return result?.Points ?? throw MissingResult("query_points");
    }

    public async Task<ScrollResult> ScrollAsync(string collection, ScrollPointsRequest request, CancellationToken cancellationToken)
    {
        ScrollResult? result = await SendAsync(HttpMethod.Post, CollectionPath(collection, "/points/scroll"), "scroll_points", collection, request, QdrantJsonContext.Default.ScrollPointsRequest, QdrantJsonContext.Default.QdrantResponseScrollResult, cancellationToken).ConfigureAwait(false);
        return result?.Points is null ? throw MissingResult("scroll_points") : result;
    }

    public async Task<ulong> CountAsync(string collection, Filter? filter, CancellationToken cancellationToken)
    {
        var body = new CountPointsRequest { Filter = filter };
        CountResult? result = await SendAsync(HttpMethod.Post, CollectionPath(collection, "/points/count"), "count_points", collection, body, QdrantJsonContext.Default.CountPointsRequest, QdrantJsonContext.Default.QdrantResponseCountResult, cancellationToken).ConfigureAwait(false);
        return result?.Count ?? throw MissingResult("count_points");
    }

    private static QdrantException MissingResult(string operation) => new(operation, QdrantErrorKind.InvalidResponse, HttpStatusCode.OK, "the response has no result");

    private static void EnsureCompleted(UpdateResult? result, string operation)
    {
        switch (result?.Status)
        {
            case "completed":
            case "acknowledged":
                return;
            case "wait_timeout":
                throw new QdrantException(operation, QdrantErrorKind.NotConfirmed, HttpStatusCode.OK, "update status wait_timeout");
            default:
                throw new QdrantException(operation, QdrantErrorKind.InvalidResponse, HttpStatusCode.OK, "the update result has no known status");
        }
    }

    private static string CollectionPath(string collection, string suffix) => "collections/" + Uri.EscapeDataString(collection) + suffix;

    private async Task<TResult?> SendAsync<TRequest, TResult>(
        HttpMethod method,
        string relativePath,
        string operation,
        string collection,
        TRequest? body,
        JsonTypeInfo<TRequest>? requestType,
        JsonTypeInfo<QdrantResponse<TResult>> responseType,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        using Activity? activity = QdrantTelemetry.ActivitySource.HasListeners()
            ? QdrantTelemetry.ActivitySource.StartActivity(QdrantTelemetry.Spans.Request, ActivityKind.Client)
            : null;
        if (activity is not null)
        {
            activity.DisplayName = operation + " " + collection;
            activity.SetTag(QdrantTelemetry.Tags.DbSystem, QdrantTelemetry.Tags.DbSystemValue);
            activity.SetTag(QdrantTelemetry.Tags.DbOperation, operation);
            activity.SetTag(QdrantTelemetry.Tags.DbCollection, collection);
        }

        long started = _timeProvider.GetTimestamp();
        HttpStatusCode? status = null;
        string? errorType = null;
        using var timeoutSource = new CancellationTokenSource(_timeout, _timeProvider);
        using var linkedSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            using var request = new HttpRequestMessage(method, new Uri(_baseUri, relativePath));
            if (_apiKey is not null)
            {
                _ = request.Headers.TryAddWithoutValidation("api-key", _apiKey);
            }

            if (body is not null && requestType is not null)
            {
                request.Content = JsonContent.Create(body, requestType);
            }

            using HttpResponseMessage response = await _http().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linkedSource.Token).ConfigureAwait(false);
            status = response.StatusCode;
            activity?.SetTag("http.response.status_code", (int)response.StatusCode);

            if (!response.IsSuccessStatusCode)
            {
                string? serverError = await ReadServerErrorAsync(response, linkedSource.Token).ConfigureAwait(false);
                throw new QdrantException(operation, QdrantErrorKind.ServerError, response.StatusCode, serverError);
            }

            QdrantResponse<TResult>? envelope;
            try
            {
                Stream stream = await response.Content.ReadAsStreamAsync(linkedSource.Token).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    envelope = await JsonSerializer.DeserializeAsync(stream, responseType, linkedSource.Token).ConfigureAwait(false);
                }
            }
            catch (JsonException ex)
            {
                throw new QdrantException(operation, QdrantErrorKind.InvalidResponse, response.StatusCode, "the body is not valid JSON of the documented shape", ex);
            }
            catch (NotSupportedException ex)
            {
                throw new QdrantException(operation, QdrantErrorKind.InvalidResponse, response.StatusCode, "the body is not JSON", ex);
            }

            if (envelope is null)
            {
                throw new QdrantException(operation, QdrantErrorKind.InvalidResponse, response.StatusCode, "the body is empty");
            }

            if (envelope.Status.ValueKind != JsonValueKind.String || envelope.Status.GetString() != "ok")
            {
                string? serverError = envelope.Status.ValueKind == JsonValueKind.Object
                    && envelope.Status.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.String
                    ? error.GetString()
                    : "the response status is not ok";
                throw new QdrantException(operation, QdrantErrorKind.ServerError, response.StatusCode, serverError);
            }

            return envelope.Result;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Either our per-request timeout or HttpClient.Timeout fired; the caller did not cancel.
            errorType = nameof(QdrantErrorKind.Timeout);
            var failure = new QdrantException(operation, QdrantErrorKind.Timeout, status, null, new TimeoutException("The Qdrant request timed out.", ex));
            QdrantLog.RequestFailed(_logger, operation, failure.Kind, status);
            throw failure;
        }
        catch (HttpRequestException ex)
        {
            errorType = nameof(QdrantErrorKind.Unreachable);
            var failure = new QdrantException(operation, QdrantErrorKind.Unreachable, status, null, ex);
            QdrantLog.RequestFailed(_logger, operation, failure.Kind, status);
            throw failure;
        }
        catch (IOException ex)
        {
            errorType = nameof(QdrantErrorKind.Unreachable);
            var failure = new QdrantException(operation, QdrantErrorKind.Unreachable, status, null, ex);
            QdrantLog.RequestFailed(_logger, operation, failure.Kind, status);
            throw failure;
        }
        catch (QdrantException ex)
        {
            errorType = ex.Kind.ToString();
            QdrantLog.RequestFailed(_logger, operation, ex.Kind, ex.StatusCode);
            throw;
        }
        catch (OperationCanceledException ex)
        {
            // The caller cancelled: surface their token, not the linked one.
            errorType = "cancelled";
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        finally
        {
            if (errorType is not null)
            {
                activity?.SetTag(QdrantTelemetry.Tags.ErrorType, errorType);
                activity?.SetStatus(ActivityStatusCode.Error);
            }

            if (QdrantTelemetry.RequestDuration.Enabled)
            {
                TagList tags = default;
                tags.Add(QdrantTelemetry.Tags.DbSystem, QdrantTelemetry.Tags.DbSystemValue);
                tags.Add(QdrantTelemetry.Tags.DbOperation, operation);
                if (status is { } code)
                {
                    tags.Add("http.response.status_code", (int)code);
                }

                if (errorType is not null)
                {
                    tags.Add(QdrantTelemetry.Tags.ErrorType, errorType);
                }

                QdrantTelemetry.RequestDuration.Record(_timeProvider.GetElapsedTime(started).TotalSeconds, tags);
            }
        }
    }

    private static async Task<string?> ReadServerErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                byte[] buffer = new byte[MaxErrorBodyBytes];
                int length = 0;
                int read;
                while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }

                ErrorResponse? error = JsonSerializer.Deserialize(buffer.AsSpan(0, length), QdrantJsonContext.Default.ErrorResponse);
                return error?.Status is { ValueKind: JsonValueKind.Object } statusElement
                    && statusElement.TryGetProperty("error", out JsonElement text) && text.ValueKind == JsonValueKind.String
                    ? text.GetString()
                    : null;
            }
        }
        catch (JsonException)
        {
            return null; // Not Qdrant's error shape (a proxy's HTML page, a truncated body): the status code still tells.
        }
    }
}
