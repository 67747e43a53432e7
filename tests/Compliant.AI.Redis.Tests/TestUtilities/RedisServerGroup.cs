namespace Compliant.AI.Tests;

/// <summary>The Redis tests share one server and some change its configuration for a moment: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisServerGroup
{
    public const string Name = "Redis server";
}
