namespace Compliant.AI.Benchmarks.ScaleOut;

/// <summary>The servers the ScaleOut benchmarks run against, from the same variables the tests read.</summary>
/// <remarks>
/// <c>benchmarks/scripts/with-servers.sh</c> starts a private PostgreSQL cluster and redis-server and sets both. Without
/// them the benchmarks fail in their global setup instead of measuring nothing.
/// </remarks>
internal static class ScaleOutServers
{
    public const string PostgresVariable = "COMPLIANT_TEST_POSTGRES";
    public const string RedisVariable = "COMPLIANT_TEST_REDIS";

    public static string Postgres => Require(PostgresVariable, "an Npgsql connection string");

    public static string Redis => Require(RedisVariable, "a StackExchange.Redis configuration string");

    private static string Require(string variable, string what) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"The ScaleOut benchmarks need a real server: set {variable} to {what}, or run them through " +
                "benchmarks/scripts/with-servers.sh, which starts private PostgreSQL and Redis servers and sets it.");
}
