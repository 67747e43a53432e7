namespace Compliant.AI.Tests;

/// <summary>A fact against the real Redis server of <c>COMPLIANT_TEST_REDIS</c>; skipped with the reason when it is absent outside CI.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        Skip = TestServers.SkipReason(TestServers.RedisVariable);
    }
}
