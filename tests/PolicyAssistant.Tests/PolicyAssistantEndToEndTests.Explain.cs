using System.Text.Json;

namespace PolicyAssistant.Tests;

/// <summary>Why an answer was given or refused: --json and --explain.</summary>
public sealed partial class PolicyAssistantEndToEndTests
{
    [Fact]
    public async Task Ask_Json_IncludesRetrievedPassagesScoresAndEvidence()
    {
        (int exit, JsonElement json, string stderr) = await AskAsync("How long must audit logs be retained?");

        Assert.True(exit == 0, stderr);
        JsonElement retrieval = json.GetProperty("retrieval");
        Assert.Equal("hybrid", retrieval.GetProperty("method").GetString());
        Assert.True(retrieval.GetProperty("hasEvidence").GetBoolean());
        Assert.Equal(JsonValueKind.Number, retrieval.GetProperty("evidenceScore").ValueKind);
        JsonElement[] passages = retrieval.GetProperty("passages").EnumerateArray().ToArray();
        Assert.NotEmpty(passages);
        Assert.Equal("audit-log-retention", passages[0].GetProperty("documentId").GetString());
        Assert.False(string.IsNullOrEmpty(passages[0].GetProperty("id").GetString()));
        double[] scores = passages.Select(p => p.GetProperty("score").GetDouble()).ToArray();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.Equal(scores[0], retrieval.GetProperty("topScore").GetDouble(), 6);
        Assert.InRange(retrieval.GetProperty("evidenceScore").GetDouble(), 0.0, 1.0);
        Assert.False(retrieval.GetProperty("accessDenied").GetBoolean());
    }

    [Fact]
    public async Task Ask_JsonRefusal_SaysWhyInCodeAndWords()
    {
        (_, JsonElement json, _) = await AskAsync("What is the capital of France?");

        Assert.True(json.GetProperty("refused").GetBoolean());
        Assert.Equal("no_evidence", json.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("reasonText").GetString()));
        Assert.False(json.GetProperty("retrieval").GetProperty("hasEvidence").GetBoolean());
    }

    [Fact]
    public async Task Ask_RestrictedPolicyRefusal_SaysAccessDeniedWithoutNamingOrCountingPassages()
    {
        (_, JsonElement json, _) = await AskAsync("Which vendor risk score blocks a contract?");

        Assert.True(json.GetProperty("refused").GetBoolean());
        Assert.Equal("access_denied", json.GetProperty("reason").GetString());
        JsonElement retrieval = json.GetProperty("retrieval");
        Assert.True(retrieval.GetProperty("accessDenied").GetBoolean());
        Assert.False(retrieval.TryGetProperty("deniedCount", out _));
        Assert.DoesNotContain(retrieval.GetProperty("passages").EnumerateArray(), p => p.GetProperty("documentId").GetString() == "vendor-management");
    }

    [Fact]
    public async Task Ask_Explain_PrintsPassagesScoresAndEvidenceForAPerson()
    {
        (int exit, string stdout, string stderr) = await RunAsync(["ask", "How long must audit logs be retained?", "--explain"]);

        Assert.True(exit == 0, stderr);
        Assert.Contains("Why: retrieval (hybrid) found", stdout, StringComparison.Ordinal);
        Assert.Contains("evidence sufficient", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+\d+\.\d{3}\s+\S+\s+Audit Log Retention Standard", stdout);
        Assert.Contains("Corpus: the bundled policies (15 documents)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_Citation_SectionDoesNotRepeatTheTitle()
    {
        (int exit, string stdout, string stderr) = await RunAsync(["ask", "How long must audit logs be retained?"]);
        (_, JsonElement json, _) = await AskAsync("How long must audit logs be retained?");

        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("Audit Log Retention Standard > Audit Log Retention Standard", stdout, StringComparison.Ordinal);
        Assert.Contains("Audit Log Retention Standard > ", stdout, StringComparison.Ordinal);
        string? section = json.GetProperty("citations")[0].GetProperty("section").GetString();
        Assert.False(section?.StartsWith("Audit Log Retention Standard", StringComparison.Ordinal) ?? false, section);
    }

    [Fact]
    public async Task Ask_GroupNameInAnotherCase_ReadsTheRestrictedPolicy()
    {
        (_, JsonElement json, string stderr) = await AskAsync("Which vendor risk score blocks a contract?", "--user", "carol", "--groups", "Compliance");

        Assert.False(json.GetProperty("refused").GetBoolean(), stderr + json);
        Assert.Equal("vendor-management", json.GetProperty("citations")[0].GetProperty("documentId").GetString());
    }
}
