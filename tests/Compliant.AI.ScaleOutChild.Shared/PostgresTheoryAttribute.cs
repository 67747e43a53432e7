namespace Compliant.AI.Tests;

/// <summary>A theory against the real PostgreSQL server of <c>COMPLIANT_TEST_POSTGRES</c>; skipped with the reason when it is absent outside CI.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        Skip = TestServers.SkipReason(TestServers.PostgresVariable);
    }
}
