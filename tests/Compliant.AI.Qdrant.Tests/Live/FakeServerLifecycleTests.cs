using Compliant.AI.Tests.Fakes;

namespace Compliant.AI.Tests.Live;

/// <summary>Runs the live-test scenario against the in-process gRPC fake, so the live test itself is known to be right where no server can run.</summary>
public sealed class FakeServerLifecycleTests
{
    [Fact]
    public async Task LiveScenario_AgainstGrpcFake_PassesAndCleansUp()
    {
        var fake = new FakeQdrantServer();

        await LiveQdrantTests.RunLifecycleAsync(new Uri("http://qdrant.test:6334"), "fake-key", fake);

        Assert.Empty(fake.Collections); // the scenario deleted its collection
        Assert.All(fake.Requests, r => Assert.Equal("fake-key", r.ApiKey));
        Assert.Contains(fake.Requests, r => r.Method == "qdrant.Collections/Delete");
        Assert.Contains(fake.Requests, r => r.Method == "qdrant.Points/Query");
    }
}
