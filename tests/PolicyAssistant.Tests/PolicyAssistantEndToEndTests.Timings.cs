using System.Text.Json;

namespace PolicyAssistant.Tests;

/// <summary><c>--timings</c> and <c>--repeat</c>: stage timings on stderr, never in the answer, never with the question's text.</summary>
public sealed partial class PolicyAssistantEndToEndTests
{
    private const string CanaryQuestion = "How long must audit logs be retained for Zorbulon Quixotl?";

    [Fact]
    public async Task Ask_TimingsWithRepeat_StagesOnStderrAnswerUnchanged()
    {
        (int plainExit, string plainStdout, string plainStderr) = await RunAsync(["ask", CanaryQuestion, "--json"]);
        (int exit, string stdout, string stderr) = await RunAsync(["ask", CanaryQuestion, "--json", "--timings", "--repeat", "2"]);

        Assert.True(plainExit == 0, plainStderr);
        Assert.True(exit == 0, stderr);
        Assert.Equal(Answer(plainStdout), Answer(stdout));
        Assert.DoesNotContain("timings", stdout, StringComparison.Ordinal);
        foreach (string stage in new[] { "timings (wall-clock ms):", "configuration", "index load", "ask (cold: first in this process)", "ask #2 (warm)", "pii detection", "retrieval", "model", "audit write", "process total" })
        {
            Assert.Contains(stage, stderr, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Zorbulon", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Quixotl", stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ask_TimingsEnvironmentVariable_PrintsStagesLikeTheFlag()
    {
        (int exit, string stdout, string stderr) = await RunAsync(["ask", "How long must audit logs be retained?", "--json"], new Dictionary<string, string> { ["POLICY_ASSISTANT_TIMINGS"] = "1" });

        Assert.True(exit == 0, stderr);
        Assert.Contains("ask (cold: first in this process)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ask #2", stderr, StringComparison.Ordinal);
        Assert.Contains("six years", Answer(stdout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_WithoutTimings_NoStageLines()
    {
        (int exit, _, string stderr) = await RunAsync(["ask", "How long must audit logs be retained?", "--json"], new Dictionary<string, string> { ["POLICY_ASSISTANT_TIMINGS"] = "0" });

        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("timings", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task Ask_RepeatBelowOne_OneLineErrorAndExitCode2(string repeat)
    {
        (int exit, string stdout, string stderr) = await RunAsync(["ask", "How long must audit logs be retained?", "--json", "--repeat", repeat]);

        AssertOneLineError(exit, stderr, "--repeat must be 1 or more");
        Assert.DoesNotContain("\"answer\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_Repeat_EveryAskIsAudited()
    {
        (int exit, _, string stderr) = await RunAsync(["ask", "How long must audit logs be retained?", "--json", "--repeat", "3"]);

        Assert.True(exit == 0, stderr);
        int records = Directory.EnumerateFiles(Path.Combine(_data, "audit"), "*.jsonl")
            .SelectMany(File.ReadLines)
            .Count(l => l.Contains("\"recordId\"", StringComparison.Ordinal) && !l.Contains("policy-assistant.ingest", StringComparison.Ordinal));
        Assert.Equal(3, records);
    }

    private static string Answer(string stdout)
    {
        string jsonLine = stdout.Split('\n').Last(l => l.TrimStart().StartsWith('{'));
        using var json = JsonDocument.Parse(jsonLine);
        return json.RootElement.GetProperty("answer").GetString()!;
    }
}
