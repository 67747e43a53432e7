namespace Compliant.AI.Tests;

/// <summary>A theory against the real Redis server of <c>COMPLIANT_TEST_REDIS</c>; skipped with the reason when it is absent outside CI.</summary>
public sealed class RedisTheoryAttribute : TheoryAttribute
{
    public RedisTheoryAttribute()
    {
        Skip = TestServers.SkipReason(TestServers.RedisVariable);
    }
}
