using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Compliant.AI.Internal;

/// <summary>
/// The calls <see cref="QdrantVectorStore"/> makes, through the official <see cref="QdrantClient"/> (gRPC) with a
/// per-call timeout on the <see cref="TimeProvider"/>, a span and a duration per call, and one typed failure.
/// </summary>
/// <remarks>
/// <para>
/// The channel is a <see cref="GrpcChannel"/> over the given <see cref="HttpClient"/> (so <c>IHttpClientFactory</c>
/// handlers, proxies and test handlers apply), created on first use. The API key travels as the <c>api-key</c> call
/// header through an interceptor; it is never logged or traced.
/// </para>
/// <para>
/// Every failure becomes a <see cref="QdrantException"/> that says which operation failed and why; a cancellation by
/// the caller stays an <see cref="OperationCanceledException"/> carrying the caller's token. The gRPC status is kept
/// (<see cref="QdrantException.GrpcStatusCode"/>) and mapped onto the HTTP status a REST call would have returned, so
/// <see cref="QdrantException.IsTransient"/> and status-based handling work the same as before.
/// </para>
/// <para>Thread-safe: it holds no per-call state.</para>
/// </remarks>
internal sealed class QdrantGrpcConnector : IDisposable
{
    private readonly Func<HttpClient> _http;
    private readonly Uri _address;
    private readonly string? _apiKey;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _createLock = new();
    private GrpcChannel? _channel;
    private QdrantClient? _client;

    public QdrantGrpcConnector(Func<HttpClient> http, QdrantOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _address = options.Endpoint ?? throw new ArgumentException("QdrantOptions.Endpoint is required.", nameof(options));
        if (!_address.IsAbsoluteUri)
        {
            throw new ArgumentException("QdrantOptions.Endpoint must be an absolute URI.", nameof(options));
        }

        _apiKey = string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey;
        _timeout = options.RequestTimeout;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    private QdrantClient Client
    {
        get
        {
            if (_client is { } existing)
            {
                return existing;
            }

            lock (_createLock)
            {
                if (_client is null)
                {
                    _channel = GrpcChannel.ForAddress(_address, new GrpcChannelOptions
                    {
                        HttpClient = _http(),
                        DisposeHttpClient = false,
                        ThrowOperationCanceledOnCancellation = true,
                        MaxReceiveMessageSize = 64 * 1024 * 1024,
                    });
                    CallInvoker invoker = _apiKey is { } key
                        ? _channel.Intercept(metadata =>
                        {
                            metadata.Add("api-key", key);
                            return metadata;
                        })
                        : _channel.CreateCallInvoker();

                    // The gRPC deadline tells the server when to give up; our own timer (on the TimeProvider) enforces it here.
                    _client = new QdrantClient(new QdrantGrpcClient(invoker), _timeout, loggerFactory: null);
                }

                return _client;
            }
        }
    }

    public Task<bool> CollectionExistsAsync(string collection, CancellationToken cancellationToken) =>
        InvokeAsync("collection_exists", collection, static (c, name, ct) => c.CollectionExistsAsync(name, ct), cancellationToken);

    public Task<CollectionInfo> GetCollectionInfoAsync(string collection, CancellationToken cancellationToken) =>
        InvokeAsync("get_collection", collection, static (c, name, ct) => c.GetCollectionInfoAsync(name, ct), cancellationToken);

    public Task CreateCollectionAsync(string collection, int vectorSize, QdrantDistance distance, CancellationToken cancellationToken)
    {
        var vectors = new VectorParams { Size = (ulong)vectorSize, Distance = ToGrpc(distance) };
        return InvokeAsync("create_collection", collection, async (c, name, ct) =>
        {
            await c.CreateCollectionAsync(name, vectors, cancellationToken: ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task DeleteCollectionAsync(string collection, CancellationToken cancellationToken) =>
        InvokeAsync("delete_collection", collection, static async (c, name, ct) =>
        {
            await c.DeleteCollectionAsync(name, cancellationToken: ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public async Task CreatePayloadIndexAsync(string collection, string fieldName, CancellationToken cancellationToken)
    {
        UpdateResult result = await InvokeAsync("create_field_index", collection,
            (c, name, ct) => c.CreatePayloadIndexAsync(name, fieldName, PayloadSchemaType.Keyword, wait: true, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        EnsureCompleted(result, "create_field_index");
    }

    public async Task UpsertAsync(string collection, IReadOnlyList<PointStruct> points, CancellationToken cancellationToken)
    {
        UpdateResult result = await InvokeAsync("upsert_points", collection,
            (c, name, ct) => c.UpsertAsync(name, points, wait: true, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        EnsureCompleted(result, "upsert_points");
    }

    public async Task DeletePointsAsync(string collection, Filter filter, CancellationToken cancellationToken)
    {
        UpdateResult result = await InvokeAsync("delete_points", collection,
            (c, name, ct) => c.DeleteAsync(name, filter, wait: true, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        EnsureCompleted(result, "delete_points");
    }

    public Task<IReadOnlyList<ScoredPoint>> QueryAsync(string collection, float[] vector, Filter filter, ulong limit, CancellationToken cancellationToken) =>
        InvokeAsync("query_points", collection,
            (c, name, ct) => c.QueryAsync(name, query: vector, filter: filter, limit: limit, payloadSelector: true, vectorsSelector: false, cancellationToken: ct),
            cancellationToken);

    public Task<ScrollResponse> ScrollAsync(string collection, Filter? filter, uint limit, PointId? offset, WithPayloadSelector payload, CancellationToken cancellationToken) =>
        InvokeAsync("scroll_points", collection,
            (c, name, ct) => c.ScrollAsync(name, filter, limit, offset, payload, vectorsSelector: false, cancellationToken: ct),
            cancellationToken);

    public Task<ulong> CountAsync(string collection, Filter? filter, CancellationToken cancellationToken) =>
        InvokeAsync("count_points", collection, (c, name, ct) => c.CountAsync(name, filter, exact: true, cancellationToken: ct), cancellationToken);

    public void Dispose()
    {
        lock (_createLock)
        {
            _client?.Dispose();
            _channel?.Dispose();
        }
    }

    /// <summary>The HTTP status a REST call would have answered for a gRPC status (gRPC's own HTTP mapping).</summary>
    internal static HttpStatusCode? HttpStatusOf(StatusCode code) => code switch
    {
        StatusCode.OK => HttpStatusCode.OK,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => HttpStatusCode.BadRequest,
        StatusCode.Unauthenticated => HttpStatusCode.Unauthorized,
        StatusCode.PermissionDenied => HttpStatusCode.Forbidden,
        StatusCode.NotFound => HttpStatusCode.NotFound,
        StatusCode.AlreadyExists or StatusCode.Aborted => HttpStatusCode.Conflict,
        StatusCode.ResourceExhausted => HttpStatusCode.TooManyRequests,
        StatusCode.Unimplemented => HttpStatusCode.NotImplemented,
        StatusCode.Unavailable => HttpStatusCode.ServiceUnavailable,
        StatusCode.DeadlineExceeded => HttpStatusCode.GatewayTimeout,
        StatusCode.Unknown or StatusCode.Internal or StatusCode.DataLoss => HttpStatusCode.InternalServerError,
        _ => null,
    };

    private static Distance ToGrpc(QdrantDistance distance) => distance switch
    {
        QdrantDistance.Cosine => Distance.Cosine,
        QdrantDistance.Dot => Distance.Dot,
        QdrantDistance.Euclid => Distance.Euclid,
        QdrantDistance.Manhattan => Distance.Manhattan,
        _ => throw new ArgumentOutOfRangeException(nameof(distance)),
    };

    private static void EnsureCompleted(UpdateResult? result, string operation)
    {
        switch (result?.Status)
        {
            case UpdateStatus.Completed:
            case UpdateStatus.Acknowledged:
                return;
            case UpdateStatus.WaitTimeout:
                throw new QdrantException(operation, QdrantErrorKind.NotConfirmed, HttpStatusCode.OK, "update status wait_timeout");
            default:
                throw new QdrantException(operation, QdrantErrorKind.InvalidResponse, HttpStatusCode.OK, "the update result has no known status");
        }
    }

    private static QdrantException FromRpc(string operation, RpcException ex)
    {
        StatusCode code = ex.StatusCode;
        QdrantErrorKind kind = code switch
        {
            // Grpc.Net.Client reports an undecodable message with its InvalidProtocolBufferException as the debug exception.
            _ when ex.Status.DebugException is Google.Protobuf.InvalidProtocolBufferException => QdrantErrorKind.InvalidResponse,
            StatusCode.Unavailable => QdrantErrorKind.Unreachable,
            StatusCode.DeadlineExceeded => QdrantErrorKind.Timeout,

            // ...and a response that is not gRPC at all (a proxy's HTML page, a wrong content type) as "Bad gRPC response".
            StatusCode.Cancelled or StatusCode.Internal or StatusCode.Unknown
                when ex.Status.Detail.StartsWith("Bad gRPC response", StringComparison.Ordinal) => QdrantErrorKind.InvalidResponse,
            _ => QdrantErrorKind.ServerError,
        };

        // The detail of a client-side failure (Unavailable, DeadlineExceeded, a bad response) is the client's own text: keep only the server's.
        // A status with a debug exception was made by the client itself (for example "Error starting gRPC call" when a
        // message cannot be serialized): its detail is not the server's text.
        string? serverError = kind == QdrantErrorKind.ServerError && ex.Status.DebugException is null ? ex.Status.Detail : null;
        Exception? inner = kind == QdrantErrorKind.Timeout ? new TimeoutException("The Qdrant request timed out.", ex) : ex;
        return new QdrantException(operation, kind, HttpStatusOf(code), code, serverError, inner);
    }

    private async Task<T> InvokeAsync<T>(string operation, string collection, Func<QdrantClient, string, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
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
        StatusCode? status = null;
        string? errorType = null;
        using var timeoutSource = new CancellationTokenSource(_timeout, _timeProvider);
        using var linkedSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            T result = await call(Client, collection, linkedSource.Token).ConfigureAwait(false);
            status = StatusCode.OK;
            return result;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            errorType = "cancelled";
            throw new OperationCanceledException("The Qdrant request was cancelled.", ex, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && (ex is OperationCanceledException || (ex is RpcException { StatusCode: StatusCode.Cancelled } && timeoutSource.IsCancellationRequested)))
        {
            // Our per-call timer fired, or the gRPC deadline passed (the client throws OperationCanceledException for both
            // because ThrowOperationCanceledOnCancellation is set); the caller did not cancel.
            status = StatusCode.DeadlineExceeded;
            errorType = nameof(QdrantErrorKind.Timeout);
            StatusCode? grpcStatus = timeoutSource.IsCancellationRequested ? null : StatusCode.DeadlineExceeded;
            var failure = new QdrantException(operation, QdrantErrorKind.Timeout, null, grpcStatus, null, new TimeoutException("The Qdrant request timed out.", ex));
            QdrantLog.RequestFailed(_logger, operation, failure.Kind, null);
            throw failure;
        }
        catch (RpcException ex)
        {
            status = ex.StatusCode;
            QdrantException failure = FromRpc(operation, ex);
            errorType = failure.Kind.ToString();
            QdrantLog.RequestFailed(_logger, operation, failure.Kind, failure.StatusCode);
            throw failure;
        }
        catch (Qdrant.Client.QdrantException ex)
        {
            // The official client's own failure: the server answered OK but reported the operation as not done.
            errorType = nameof(QdrantErrorKind.ServerError);
            var failure = new QdrantException(operation, QdrantErrorKind.ServerError, HttpStatusCode.OK, StatusCode.OK, "the server reported the operation as not performed", ex);
            QdrantLog.RequestFailed(_logger, operation, failure.Kind, failure.StatusCode);
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
            if (status is { } code)
            {
                activity?.SetTag(QdrantTelemetry.Tags.RpcStatusCode, (int)code);
            }

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
                if (status is { } code2)
                {
                    tags.Add(QdrantTelemetry.Tags.RpcStatusCode, (int)code2);
                }

                if (errorType is not null)
                {
                    tags.Add(QdrantTelemetry.Tags.ErrorType, errorType);
                }

                QdrantTelemetry.RequestDuration.Record(_timeProvider.GetElapsedTime(started).TotalSeconds, tags);
            }
        }
    }
}
