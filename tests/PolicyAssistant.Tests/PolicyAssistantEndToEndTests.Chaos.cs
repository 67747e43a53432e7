using System.Text.Json;

namespace PolicyAssistant.Tests;

/// <summary>
/// <c>ask --chaos</c> as a user runs it (docs/playbook.md): a grounding refusal is an answer (exit 0); a typed refusal
/// is one line on stderr and exit 1, with no stack trace. The behaviour of each scenario is in <see cref="ChaosTests"/>.
/// </summary>
public sealed partial class PolicyAssistantEndToEndTests
{
    [Fact]
    public async Task Ask_ChaosHallucination_RefusedAsUnsupportedClaim()
    {
        (int exit, JsonElement json, string stderr) = await AskAsync("How long must audit logs be retained?", "--chaos", "hallucination");

        Assert.True(exit == 0, stderr);
        Assert.True(json.GetProperty("refused").GetBoolean());
        Assert.Equal("unsupported_claim", json.GetProperty("reason").GetString());
        Assert.DoesNotContain("30 days", json.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("budget", "policy-assistant: refused by budget (budget_exceeded): ")]
    [InlineData("invalid-json", "policy-assistant: refused by structured_output (attempts_exhausted): ")]
    public async Task Ask_ChaosTypedRefusal_OneLineOnStderrAndExitCode1(string scenario, string expected)
    {
        (int exit, string stdout, string stderr) = await RunAsync(["ask", "How long must audit logs be retained?", "--chaos", scenario]);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout.Trim());
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Single(lines, l => l.StartsWith(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^at \S+\("));
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_ChaosUnknownScenario_RejectedWithTheScenarioNames()
    {
        (int exit, _, string stderr) = await RunAsync(["ask", "How long must audit logs be retained?", "--chaos", "meteor"]);

        Assert.NotEqual(0, exit);
        Assert.Contains("bad-retrieval", stderr, StringComparison.Ordinal);
    }
}
