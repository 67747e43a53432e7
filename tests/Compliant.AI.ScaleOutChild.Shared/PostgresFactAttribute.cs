namespace Compliant.AI.Tests;

/// <summary>A fact against the real PostgreSQL server of <c>COMPLIANT_TEST_POSTGRES</c>; skipped with the reason when it is absent outside CI.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = TestServers.SkipReason(TestServers.PostgresVariable);
    }
}
