using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Compliant.AI.Internal;
using Compliant.AI.Tests.Fakes;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Tests.Internal;

public sealed class QdrantRestClientTests
{
    [Fact]
    public async Task Send_ServerErrorWithErrorBody_ThrowsServerErrorWithText()
    {
        QdrantRestClient client = ClientAnswering(FakeReply.Error(HttpStatusCode.InternalServerError, "Service internal error: RocksDB failure"));

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.CollectionExistsAsync("c", default));

        Assert.Equal(QdrantErrorKind.ServerError, error.Kind);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("collection_exists", error.Operation);
        Assert.Equal("Service internal error: RocksDB failure", error.ServerError);
        Assert.True(error.IsTransient);
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ServerErrorQuotingAValue_KeepsTheValueOutOfTheException()
    {
        QdrantRestClient client = ClientAnswering(FakeReply.Error(HttpStatusCode.BadRequest, "Format error in JSON body: invalid type: string \"Jane Roe, MRN 12345\", expected u64 at line 1 column 40"));

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.CollectionExistsAsync("c", default));

        Assert.DoesNotContain("Jane", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("12345", error.ServerError!, StringComparison.Ordinal);
        Assert.Contains("expected u64", error.ServerError, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Send_ProxyHtmlError_ThrowsServerErrorWithoutText()
    {
        QdrantRestClient client = ClientAnswering(new FakeReply(HttpStatusCode.BadGateway, "<html><body>Bad gateway</body></html>", MediaType: "text/html"));

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.CollectionExistsAsync("c", default));

        Assert.Equal(QdrantErrorKind.ServerError, error.Kind);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Null(error.ServerError);
    }

    [Theory]
    [InlineData("<html>not json</html>")]
    [InlineData("{\"result\": {\"exists\": tr")]
    [InlineData("")]
    [InlineData("{\"result\": {\"exists\": \"yes\"}, \"status\": \"ok\"}")]
    [InlineData("{\"status\": \"ok\", \"time\": 0.1}")]
    [InlineData("[1, 2, 3]")]
    public async Task Send_GarbageSuccessBody_ThrowsInvalidResponse(string body)
    {
        QdrantRestClient client = ClientAnswering(new FakeReply(HttpStatusCode.OK, body));

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.CollectionExistsAsync("c", default));

        Assert.Equal(QdrantErrorKind.InvalidResponse, error.Kind);
    }

    [Fact]
    public async Task Send_SuccessStatusWithErrorEnvelope_ThrowsServerError()
    {
        QdrantRestClient client = ClientAnswering(new FakeReply(HttpStatusCode.OK, """{"status":{"error":"Wrong input: bad"},"time":0.1,"result":null}"""));

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.CollectionExistsAsync("c", default));

        Assert.Equal(QdrantErrorKind.ServerError, error.Kind);
        Assert.Equal("Wrong input: bad", error.ServerError);
    }

    [Fact]
    public async Task Upsert_WaitTimeoutStatus_ThrowsNotConfirmed()
    {
        QdrantRestClient client = ClientAnswering(FakeReply.Ok(new JsonObject { ["operation_id"] = 7, ["status"] = "wait_timeout" }));

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.UpsertAsync("c", [], default));

        Assert.Equal(QdrantErrorKind.NotConfirmed, error.Kind);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Send_ServerHangs_TimesOutOnTheTimeProvider()
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
        var client = new QdrantRestClient(server.CreateClient, QdrantTestData.Options(timeout: TimeSpan.FromSeconds(5)), time);

        Task<bool> call = client.CollectionExistsAsync("c", default);
        await entered.Task;
        time.Advance(TimeSpan.FromSeconds(5));
        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => call);

        Assert.Equal(QdrantErrorKind.Timeout, error.Kind);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Send_CallerCancels_ThrowsOperationCanceled()
    {
        var server = new FakeQdrantServer();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Intercept = async (_, ct) =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        };
        var client = new QdrantRestClient(server.CreateClient, QdrantTestData.Options());
        using var cts = new CancellationTokenSource();

        Task<bool> call = client.CollectionExistsAsync("c", cts.Token);
        await entered.Task;
        await cts.CancelAsync();

        OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cts.Token, error.CancellationToken);
    }

    [Fact]
    public async Task Send_AlreadyCancelled_SendsNothing()
    {
        var server = new FakeQdrantServer();
        var client = new QdrantRestClient(server.CreateClient, QdrantTestData.Options());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CollectionExistsAsync("c", new CancellationToken(canceled: true)));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Send_ConnectionRefused_ThrowsUnreachable()
    {
        var server = new FakeQdrantServer { Intercept = (_, _) => throw new HttpRequestException("Connection refused (qdrant.test:6333)") };
        var client = new QdrantRestClient(server.CreateClient, QdrantTestData.Options());

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => client.CollectionExistsAsync("c", default));

        Assert.Equal(QdrantErrorKind.Unreachable, error.Kind);
        Assert.Null(error.StatusCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Send_RecordsDurationWithOperationAndErrorType()
    {
        using var collector = new MetricCollector<double>(null, "Compliant.AI", "compliant_ai.qdrant.request.duration");
        var server = new FakeQdrantServer();
        var client = new QdrantRestClient(server.CreateClient, QdrantTestData.Options());

        await client.CollectionExistsAsync("telemetry_ok", default);
        await Assert.ThrowsAsync<QdrantException>(() => client.CountAsync("telemetry_missing", null, default));

        IReadOnlyList<CollectedMeasurement<double>> measurements = collector.GetMeasurementSnapshot();
        Assert.Contains(measurements, m => (string?)m.Tags["db.operation.name"] == "collection_exists" && !m.Tags.ContainsKey("error.type"));
        Assert.Contains(measurements, m => (string?)m.Tags["db.operation.name"] == "count_points" && (string?)m.Tags["error.type"] == "ServerError" && (int?)m.Tags["http.response.status_code"] == 404);
    }

    private static QdrantRestClient ClientAnswering(FakeReply reply)
    {
        var server = new FakeQdrantServer { Intercept = (_, _) => Task.FromResult<FakeReply?>(reply) };
        return new QdrantRestClient(server.CreateClient, QdrantTestData.Options());
    }
}
