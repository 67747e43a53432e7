namespace Compliant.AI.Tests;

/// <summary>The real servers the scale-out tests use, from the environment that <c>.ci/run</c> sets.</summary>
/// <remarks>
/// A test needing a server is skipped with a clear reason when its variable is absent (a user's machine), except when
/// <c>COMPLIANT_CI=1</c>: then it runs and fails, so CI can never pass by skipping.
/// </remarks>
public static class TestServers
{
    public const string RedisVariable = "COMPLIANT_TEST_REDIS";
    public const string PostgresVariable = "COMPLIANT_TEST_POSTGRES";

    public static string Redis => Require(RedisVariable);

    public static string Postgres => Require(PostgresVariable);

    public static string? SkipReason(string variable) =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable)) || Environment.GetEnvironmentVariable("COMPLIANT_CI") == "1"
            ? null
            : $"needs a real server: set {variable} (.ci/run starts one and sets it)";

    private static string Require(string variable)
    {
        string? value = Environment.GetEnvironmentVariable(variable);
        Assert.False(string.IsNullOrWhiteSpace(value), $"{variable} is not set, and COMPLIANT_CI=1 forbids skipping: start the server (see .ci/run).");
        return value!;
    }
}
