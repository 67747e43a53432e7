namespace PolicyAssistant.Tests;

/// <summary>Configuration mistakes: one line on stderr, exit code 2, no stack trace.</summary>
public sealed partial class PolicyAssistantEndToEndTests
{
    public static TheoryData<string, string, string> ConfigurationMistakes => new()
    {
        { "PolicyAssistant__Provider", "Bogus", "Unknown PolicyAssistant:Provider 'Bogus'" },
        { "PolicyAssistant__Provider", "OpenAI", "needs an API key in the environment variable POLICY_E2E_MISSING_KEY" },
        { "PolicyAssistant__Store", "Qdrant", "Store=Qdrant needs an embedding generator" },
        { "PolicyAssistant__Store", "Postgres", "Unknown PolicyAssistant:Store 'Postgres'" },
        { "PolicyAssistant__Retrieval", "Semantic", "Unknown PolicyAssistant:Retrieval 'Semantic'" },
        { "PolicyAssistant__Embeddings", "Word2Vec", "Unknown PolicyAssistant:Embeddings 'Word2Vec'" },
        { "PolicyAssistant__PolicyFolder", "/nonexistent/policy-folder", "The policy folder '/nonexistent/policy-folder' does not exist" },
        { "PolicyAssistant__DefaultAcl", "two words", "is not an access rule" },
        { "Compliant__Grounding__TopK", "0", "invalid configuration" },
        { "Compliant__Retrieval__Dense__SentenceEvidenceDepth", "-1", "SentenceEvidenceDepth must be between 0 and 20" },
        { "Compliant__Retrieval__Dense__MinimumSentenceSimilarity", "2", "MinimumSentenceSimilarity must be between -1 and 1" },
        { "Compliant__Retrieval__Hybrid__EvidenceWeights__0", "-1", "Each of EvidenceWeights must be between 0 and 100" },
        { "Compliant__Retrieval__Hybrid__EvidenceWeights__0", "1", "EvidenceWeights needs two weights" },
    };

    [Theory]
    [MemberData(nameof(ConfigurationMistakes))]
    public async Task Ask_ConfigurationMistake_OneLineErrorAndExitCode2(string variable, string value, string expected)
    {
        var environment = new Dictionary<string, string> { [variable] = value, ["PolicyAssistant__ApiKeyEnvironmentVariable"] = "POLICY_E2E_MISSING_KEY" };

        (int exit, string stdout, string stderr) = await RunAsync(["ask", "How long must audit logs be retained?", "--json"], environment);

        AssertOneLineError(exit, stderr, expected);
        Assert.DoesNotContain("\"answer\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_OpenAIEndpointNotAUrl_OneLineErrorAndExitCode2()
    {
        var environment = new Dictionary<string, string>
        {
            ["PolicyAssistant__Provider"] = "OpenAI",
            ["PolicyAssistant__Endpoint"] = "not a url",
            ["PolicyAssistant__ApiKeyEnvironmentVariable"] = "POLICY_E2E_KEY",
            ["POLICY_E2E_KEY"] = "sk-test-not-used",
        };

        (int exit, _, string stderr) = await RunAsync(["ask", "How long must audit logs be retained?"], environment);

        AssertOneLineError(exit, stderr, "is not an http(s) URL");
        Assert.DoesNotContain("sk-test-not-used", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_MissingFolder_OneLineErrorAndExitCode2()
    {
        (int exit, _, string stderr) = await RunAsync(["ingest", "--folder", Path.Combine(_policies, "missing")]);

        AssertOneLineError(exit, stderr, "does not exist");
    }

    [Fact]
    public async Task Ingest_FolderWithoutPolicyFiles_OneLineErrorAndExitCode2()
    {
        Directory.CreateDirectory(_policies);
        File.WriteAllText(Path.Combine(_policies, "LICENSE.md"), "MIT\n");
        File.WriteAllText(Path.Combine(_policies, "data.csv"), "a,b\n");

        (int exit, _, string stderr) = await RunAsync(["ingest", "--folder", _policies]);

        AssertOneLineError(exit, stderr, "has no .md, .txt or .html files");
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("role:admin")]
    [InlineData("group:")]
    public async Task Ingest_BadDefaultAcl_OneLineErrorAndExitCode2(string acl)
    {
        Directory.CreateDirectory(_policies);
        File.WriteAllText(Path.Combine(_policies, "a.md"), "# A\n\nText.\n");

        (int exit, _, string stderr) = await RunAsync(["ingest", "--folder", _policies, "--default-acl", acl]);

        AssertOneLineError(exit, stderr, "is not an access rule");
    }

    private static void AssertOneLineError(int exit, string stderr, string expected)
    {
        Assert.Equal(2, exit);
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] errors = lines.Where(l => !l.Contains("demo audit key", StringComparison.Ordinal) && !l.Contains("building the policy index", StringComparison.Ordinal)).ToArray();
        string line = Assert.Single(errors);
        Assert.StartsWith("policy-assistant: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^at \S+\("));
        Assert.DoesNotContain("Exception:", stderr, StringComparison.Ordinal);
    }
}
