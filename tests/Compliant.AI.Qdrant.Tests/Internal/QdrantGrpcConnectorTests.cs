using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Compliant.AI.Internal;
using Compliant.AI.Tests.Fakes;
using Grpc.Core;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using Qdrant.Client.Grpc;

namespace Compliant.AI.Tests.Internal;

/// <summary>The gRPC connector against the in-process gRPC fake: every failure a server or a network can produce becomes one typed <see cref="QdrantException"/>.</summary>
public sealed class QdrantGrpcConnectorTests
{
    [Fact]
    public async Task Call_ServerInternalError_ThrowsServerErrorWithText()
    {
        using QdrantGrpcConnector client = ClientAnswering(FakeReply.Error(StatusCode.Internal, "Service internal error: RocksDB failure"));

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.CollectionExistsAsync("c", default));

        Assert.Equal(QdrantErrorKind.ServerError, error.Kind);
        Assert.Equal(StatusCode.Internal, error.GrpcStatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("collection_exists", error.Operation);
        Assert.Equal("Service internal error: RocksDB failure", error.ServerError);
        Assert.True(error.IsTransient);
        Assert.Contains("gRPC Internal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_CollectionNotFound_ThrowsServerErrorNotFound()
    {
        var server = new FakeQdrantServer();
        using var client = new QdrantGrpcConnector(server.CreateClient, QdrantTestData.Options());

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.QueryAsync("missing", [1, 0, 0, 0], new Filter(), 5, default));

        Assert.Equal(QdrantErrorKind.ServerError, error.Kind);
        Assert.Equal(StatusCode.NotFound, error.GrpcStatusCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("query_points", error.Operation);
        Assert.Contains("doesn't exist", error.ServerError, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Call_PermissionDenied_ThrowsServerErrorForbidden()
    {
        using QdrantGrpcConnector client = ClientAnswering(FakeReply.Error(StatusCode.PermissionDenied, "Access forbidden: read-only API key"));

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.UpsertAsync("c", [], default));

        Assert.Equal(QdrantErrorKind.ServerError, error.Kind);
        Assert.Equal(StatusCode.PermissionDenied, error.GrpcStatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Call_ServerUnavailable_ThrowsUnreachable()
    {
        using QdrantGrpcConnector client = ClientAnswering(FakeReply.Error(StatusCode.Unavailable, "shard is being transferred"));

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.CountAsync("c", null, default));

        Assert.Equal(QdrantErrorKind.Unreachable, error.Kind);
        Assert.Equal(StatusCode.Unavailable, error.GrpcStatusCode);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Call_ServerDeadlineExceeded_ThrowsTimeout()
    {
        using QdrantGrpcConnector client = ClientAnswering(FakeReply.Error(StatusCode.DeadlineExceeded, "Deadline Exceeded"));

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.CountAsync("c", null, default));

        Assert.Equal(QdrantErrorKind.Timeout, error.Kind);
        Assert.Equal(StatusCode.DeadlineExceeded, error.GrpcStatusCode);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Call_ServerErrorQuotingAValue_KeepsTheValueOutOfTheException()
    {
        using QdrantGrpcConnector client = ClientAnswering(FakeReply.Error(StatusCode.InvalidArgument, "Wrong input: payload value \"Jane Roe, MRN 12345\" is not a keyword"));

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.CollectionExistsAsync("c", default));

        Assert.DoesNotContain("Jane", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("12345", error.ServerError!, StringComparison.Ordinal);
        Assert.Contains("is not a keyword", error.ServerError, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Call_ProxyHtmlPage_ThrowsInvalidResponse()
    {
        var html = new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, Content = new StringContent("<html>gateway</html>") };
        html.Content.Headers.ContentType = new MediaTypeHeaderValue("text/html");
        using QdrantGrpcConnector client = ClientAnswering(new FakeReply { Raw = html });

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.CollectionExistsAsync("c", default));

        Assert.True(error.Kind == QdrantErrorKind.InvalidResponse, error.Kind + " " + error.GrpcStatusCode + " " + (error.InnerException as RpcException)?.Status.Detail);
        Assert.Null(error.ServerError);
        Assert.DoesNotContain("gateway", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_UndecodableMessage_ThrowsInvalidResponse()
    {
        var garbage = new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, Content = new ByteArrayContent([0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF]) };
        garbage.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        garbage.TrailingHeaders.Add("grpc-status", "0");
        using QdrantGrpcConnector client = ClientAnswering(new FakeReply { Raw = garbage });

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.CollectionExistsAsync("c", default));

        Assert.True(error.Kind == QdrantErrorKind.InvalidResponse, error.Kind + " " + error.GrpcStatusCode + " " + (error.InnerException as RpcException)?.Status.Detail);
    }

    [Fact]
    public async Task Upsert_WaitTimeoutStatus_ThrowsNotConfirmed()
    {
        using QdrantGrpcConnector client = ClientAnswering(FakeReply.Ok(new PointsOperationResponse { Result = new UpdateResult { Status = UpdateStatus.WaitTimeout } }));

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.UpsertAsync("c", [], default));

        Assert.Equal(QdrantErrorKind.NotConfirmed, error.Kind);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Call_ServerHangs_TimesOutOnTheTimeProvider()
    {
        var time = new FakeTimeProvider();
        var server = new FakeQdrantServer();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Intercept = async (_, ct) =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        };
        using var client = new QdrantGrpcConnector(server.CreateClient, QdrantTestData.Options(timeout: TimeSpan.FromSeconds(5)), time);

        Task<bool> call = client.CollectionExistsAsync("c", default);
        await entered.Task;
        time.Advance(TimeSpan.FromSeconds(5));
        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => call);

        Assert.Equal(QdrantErrorKind.Timeout, error.Kind);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Call_SendsTheTimeoutAsGrpcDeadline()
    {
        var server = new FakeQdrantServer();
        using var client = new QdrantGrpcConnector(server.CreateClient, QdrantTestData.Options(timeout: TimeSpan.FromSeconds(7)));

        await client.CollectionExistsAsync("c", default);

        // grpc-timeout is the remaining time at send, in the protocol's units (for example "6999m" or "6999999u").
        Assert.False(string.IsNullOrEmpty(Assert.Single(server.Requests).GrpcTimeout));
    }

    [Fact]
    public async Task Call_CallerCancels_ThrowsOperationCanceled()
    {
        var server = new FakeQdrantServer();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Intercept = async (_, ct) =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        };
        using var client = new QdrantGrpcConnector(server.CreateClient, QdrantTestData.Options());
        using var cts = new CancellationTokenSource();

        Task<bool> call = client.CollectionExistsAsync("c", cts.Token);
        await entered.Task;
        await cts.CancelAsync();

        OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cts.Token, error.CancellationToken);
    }

    [Fact]
    public async Task Call_AlreadyCancelled_SendsNothing()
    {
        var server = new FakeQdrantServer();
        using var client = new QdrantGrpcConnector(server.CreateClient, QdrantTestData.Options());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CollectionExistsAsync("c", new CancellationToken(canceled: true)));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Call_ConnectionRefused_ThrowsUnreachable()
    {
        var server = new FakeQdrantServer { Intercept = (_, _) => throw new HttpRequestException("Connection refused (qdrant.test:6334)", new SocketException((int)SocketError.ConnectionRefused)) };
        using var client = new QdrantGrpcConnector(server.CreateClient, QdrantTestData.Options());

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.CollectionExistsAsync("c", default));

        Assert.Equal(QdrantErrorKind.Unreachable, error.Kind);
        Assert.Equal(StatusCode.Unavailable, error.GrpcStatusCode);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Call_RecordsDurationWithOperationAndErrorType()
    {
        using var collector = new MetricCollector<double>(null, "Compliant.AI", "compliant_ai.qdrant.request.duration");
        var server = new FakeQdrantServer();
        using var client = new QdrantGrpcConnector(server.CreateClient, QdrantTestData.Options());

        await client.CollectionExistsAsync("telemetry_ok", default);
        await Assert.ThrowsAsync<QdrantException>(() => client.CountAsync("telemetry_missing", null, default));

        // The collector listens to the shared "Compliant.AI" meter, so tests running beside this one add their own calls
        // (a successful count_points without error.type, say): tags are read without assuming they are there.
        IReadOnlyList<CollectedMeasurement<double>> measurements = collector.GetMeasurementSnapshot();
        Assert.Contains(measurements, m => (string?)m.Tags.GetValueOrDefault("db.operation.name") == "collection_exists" && !m.Tags.ContainsKey("error.type") && (int?)m.Tags.GetValueOrDefault("rpc.grpc.status_code") == 0);
        Assert.Contains(measurements, m => (string?)m.Tags.GetValueOrDefault("db.operation.name") == "count_points" && (string?)m.Tags.GetValueOrDefault("error.type") == "ServerError" && (int?)m.Tags.GetValueOrDefault("rpc.grpc.status_code") == (int)StatusCode.NotFound);
    }

    [Theory]
    [InlineData(StatusCode.NotFound, HttpStatusCode.NotFound)]
    [InlineData(StatusCode.PermissionDenied, HttpStatusCode.Forbidden)]
    [InlineData(StatusCode.Unauthenticated, HttpStatusCode.Unauthorized)]
    [InlineData(StatusCode.InvalidArgument, HttpStatusCode.BadRequest)]
    [InlineData(StatusCode.ResourceExhausted, HttpStatusCode.TooManyRequests)]
    [InlineData(StatusCode.Unavailable, HttpStatusCode.ServiceUnavailable)]
    [InlineData(StatusCode.DeadlineExceeded, HttpStatusCode.GatewayTimeout)]
    public void HttpStatusOf_FollowsGrpcMapping(StatusCode grpc, HttpStatusCode http) =>
        Assert.Equal(http, QdrantGrpcConnector.HttpStatusOf(grpc));

    private static QdrantGrpcConnector ClientAnswering(FakeReply reply)
    {
        var server = new FakeQdrantServer { Intercept = (_, _) => Task.FromResult<FakeReply?>(reply) };
        return new QdrantGrpcConnector(server.CreateClient, QdrantTestData.Options());
    }
}
