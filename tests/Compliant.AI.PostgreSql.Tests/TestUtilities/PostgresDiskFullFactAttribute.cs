namespace Compliant.AI.Tests;

/// <summary>
/// A fact that fills a real (tiny tmpfs) tablespace of the test server: needs the server on this machine
/// (<c>COMPLIANT_TEST_POSTGRES_DATA</c>, set by .ci/run and with-servers.sh) and root to mount the tmpfs.
/// </summary>
public sealed class PostgresDiskFullFactAttribute : FactAttribute
{
    public PostgresDiskFullFactAttribute()
    {
        Skip = TestServers.SkipReason(TestServers.PostgresVariable)
            ?? TestServers.SkipReason("COMPLIANT_TEST_POSTGRES_DATA")
            ?? (Environment.IsPrivilegedProcess ? null : "Mounting the tiny tmpfs for the full-disk test needs root.");
    }
}
