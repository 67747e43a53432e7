using Compliant.AI.Tests.Fakes;

namespace Compliant.AI.Tests.Live;

/// <summary>Runs the live-test scenario through real sockets (HTTP/2 over loopback TCP) against the gRPC fake, exactly as it would run against a server.</summary>
public sealed class LoopbackQdrantTests
{
    [Fact]
    public async Task LiveScenario_OverLoopbackHttp2_PassesAndCleansUp()
    {
        var fake = new FakeQdrantServer();
        using var server = new LoopbackQdrantServer(fake);

        await LiveQdrantTests.RunLifecycleAsync(server.Url, "loopback-key");

        Assert.NotEmpty(fake.Requests);
        Assert.All(fake.Requests, r => Assert.Equal("loopback-key", r.ApiKey));
        Assert.Empty(fake.Collections); // cleaned up
        Assert.Contains(fake.Requests, r => r.Method == "qdrant.Collections/Delete");
    }
}
