namespace Compliant.AI.Tests;

/// <summary>The PostgreSQL tests share one server, and one of them stops and restarts it: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresServerGroup
{
    public const string Name = "PostgreSQL server";
}
