namespace Compliant.AI.Tests;

/// <summary>A fact that stops and restarts the test server: needs <c>COMPLIANT_TEST_POSTGRES_CTL</c> and <c>COMPLIANT_TEST_POSTGRES_DATA</c> too (.ci/run sets them).</summary>
public sealed class PostgresRestartFactAttribute : FactAttribute
{
    public PostgresRestartFactAttribute()
    {
        Skip = TestServers.SkipReason(TestServers.PostgresVariable)
            ?? TestServers.SkipReason("COMPLIANT_TEST_POSTGRES_CTL")
            ?? TestServers.SkipReason("COMPLIANT_TEST_POSTGRES_DATA");
    }
}
