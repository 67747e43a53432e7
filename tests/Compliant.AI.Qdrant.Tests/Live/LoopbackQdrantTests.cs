using Compliant.AI.Tests.Contract;
using Compliant.AI.Tests.Fakes;

namespace Compliant.AI.Tests.Live;

/// <summary>Runs the live-test scenario through real sockets against the spec-validating fake, so the live test itself is known to be right.</summary>
public sealed class LoopbackQdrantTests
{
    [DatasetFact(QdrantOpenApiSpec.DatasetName)]
    public async Task LiveScenario_OverLoopbackHttp_IsSpecValid()
    {
        var fake = new FakeQdrantServer(QdrantOpenApiSpec.Load());
        using var server = new LoopbackQdrantServer(fake);

        await LiveQdrantTests.RunLifecycleAsync(server.Url, "loopback-key");

        Assert.Empty(fake.Violations);
        Assert.All(fake.Requests, r => Assert.Equal("loopback-key", r.ApiKey));
        Assert.Empty(fake.Collections); // cleaned up
        Assert.Contains(fake.Requests, r => r.OperationId == "delete_collection");
    }
}
