using System.Text.Json;

namespace TicketTriage.Tests;

/// <summary>Runs <c>TicketTriage classify</c> as a user would, on the embedded defaults (local classifier).</summary>
public sealed class TicketTriageEndToEndTests : IDisposable
{
    private const string CanaryEmail = "zq.canary.7781@example.org";
    private const string CanaryName = "Philippa Wrexham-Odinga";
    private const string CanaryIban = "GB33BUKB20201555555555";

    private static readonly HashSet<string> Approved = ReadApproved();
    private readonly SampleRunner _runner = new();

    [Fact]
    public async Task Classify_OneTicketOnCommandLine_WritesOneApprovedResult()
    {
        (int exit, string stdout, string stderr) = await _runner.RunAsync(["classify", "My card still hasn't arrived after two weeks, when will it come?"]);

        Assert.True(exit == 0, stderr);
        JsonElement result = Assert.Single(ParseLines(stdout));
        Assert.Equal("1", result.GetProperty("id").GetString());
        Assert.Equal("card_arrival", result.GetProperty("category").GetString());
        Assert.Contains(result.GetProperty("priority").GetString(), new[] { "high", "normal", "low" });
        Assert.InRange(result.GetProperty("confidence").GetDouble(), 0, 1);
        Assert.Equal(JsonValueKind.False, result.GetProperty("needs_human").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task Classify_JsonLinesFile_WritesEveryResultInInputOrderWithApprovedCategories()
    {
        string[] texts =
        [
            "I lost my card yesterday, please block it",
            "How do I top up with a bank transfer?",
            "Why was I charged twice for the same coffee?",
            "What is the exchange rate for euros?",
            "I forgot my passcode and cannot log in",
            "Can I get a virtual card?",
            "My transfer has been pending for three days",
            "The ATM swallowed my card",
        ];
        string input = _runner.WriteFile("tickets.jsonl", texts.Select((t, i) => JsonSerializer.Serialize(new { id = $"t-{i:D2}", text = t })).Reverse());
        string output = Path.Combine(_runner.InputDirectory, "out.jsonl");

        (int exit, string stdout, string stderr) = await _runner.RunAsync(["classify", "--input", input, "--output", output]);

        Assert.True(exit == 0, stderr);
        Assert.Equal(string.Empty, stdout.Trim());
        JsonElement[] results = ParseLines(File.ReadAllText(output));
        Assert.Equal(Enumerable.Range(0, texts.Length).Reverse().Select(i => $"t-{i:D2}"), results.Select(r => r.GetProperty("id").GetString()));
        Assert.All(results, r => Assert.Contains(r.GetProperty("category").GetString()!, Approved));
        Assert.All(results, r => Assert.Equal(["id", "category", "priority", "summary", "confidence", "needs_human"], r.EnumerateObject().Select(p => p.Name)));
        Assert.Equal("lost_or_stolen_card", results.Single(r => r.GetProperty("id").GetString() == "t-00").GetProperty("category").GetString());
        Assert.Equal("high", results.Single(r => r.GetProperty("id").GetString() == "t-00").GetProperty("priority").GetString());
        Assert.Contains("tickets/s", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_StandardInput_ReadsTicketsAndWritesToStandardOutput()
    {
        (int exit, string stdout, string stderr) = await _runner.RunAsync(["classify"], stdin: "{\"id\":\"a\",\"text\":\"Where is my new card?\"}\n\n{\"id\":7,\"text\":\"Is there a fee for top ups by card?\"}\n");

        Assert.True(exit == 0, stderr);
        Assert.Equal(["a", "7"], ParseLines(stdout).Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Classify_TicketsWithPersonalData_SummaryAuditAndOutputHoldNone()
    {
        string[] lines =
        [
            JsonSerializer.Serialize(new { id = "p1", text = $"Hi, I'm {CanaryName}, my card was stolen, email me at {CanaryEmail}" }),
            JsonSerializer.Serialize(new { id = "p2", text = $"I sent money to {CanaryIban} and it has not arrived. Contact {CanaryEmail}." }),
        ];
        string input = _runner.WriteFile("pii.jsonl", lines);

        (int exit, string stdout, string stderr) = await _runner.RunAsync(["classify", "--input", input]);

        Assert.True(exit == 0, stderr);
        JsonElement[] results = ParseLines(stdout);
        Assert.Equal(2, results.Length);
        foreach (string canary in new[] { CanaryEmail, CanaryIban, "Wrexham", "Philippa" })
        {
            Assert.DoesNotContain(canary, stdout, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(canary, stderr, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(canary, _runner.ReadEverything(), StringComparison.OrdinalIgnoreCase);
        }

        // The summary keeps the placeholder where the data was (restoration is off in this sample).
        Assert.Contains("<EMAIL_ADDRESS_", results[0].GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_EachTicket_LeavesOneAuditRecordWithCategoryConfidenceAndDecision()
    {
        string input = _runner.WriteFile("three.jsonl", [
            "{\"id\":\"1\",\"text\":\"my card is not working at shops\"}",
            "{\"id\":\"2\",\"text\":\"how long does a transfer take\"}",
            "{\"id\":\"3\",\"text\":\"hmm\"}",
        ]);

        (int exit, string stdout, string stderr) = await _runner.RunAsync(["classify", "--input", input]);

        Assert.True(exit == 0, stderr);
        JsonElement[] results = ParseLines(stdout);
        List<JsonElement> verdicts = _runner.ReadAuditLines().SelectMany(l => TriageVerdicts(l)).ToList();
        Assert.Equal(3, verdicts.Count);
        foreach (JsonElement result in results)
        {
            string category = result.GetProperty("category").GetString()!;
            string decision = result.GetProperty("needs_human").GetBoolean() ? "needs_human" : "auto";
            JsonElement verdict = Assert.Single(verdicts, v => v.GetProperty("details").GetProperty("category").GetString() == category
                && v.GetProperty("details").GetProperty("decision").GetString() == decision);
            Assert.Equal(result.GetProperty("confidence").GetDouble(), double.Parse(verdict.GetProperty("details").GetProperty("confidence").GetString()!, System.Globalization.CultureInfo.InvariantCulture), 3);
        }
    }

    [Fact]
    public async Task Classify_ThresholdAboveEveryConfidence_SendsEveryTicketToAPerson()
    {
        (int exit, string stdout, string stderr) = await _runner.RunAsync(["classify", "--threshold", "1", "What is the exchange rate?"]);

        Assert.True(exit == 0, stderr);
        Assert.True(Assert.Single(ParseLines(stdout)).GetProperty("needs_human").GetBoolean());
    }

    [Fact]
    public async Task Classify_NarrowedApprovedList_AnswersOnlyFromIt()
    {
        string categories = _runner.WriteFile("approved.txt", ["# narrowed for the test", "card_arrival", "exchange_rate", "terminate_account"]);
        string input = _runner.WriteFile("mixed.jsonl", [
            "{\"id\":\"1\",\"text\":\"I was charged twice\"}",
            "{\"id\":\"2\",\"text\":\"My PIN is blocked\"}",
            "{\"id\":\"3\",\"text\":\"Please close my account\"}",
        ]);

        (int exit, string stdout, string stderr) = await _runner.RunAsync(["classify", "--input", input], new Dictionary<string, string> { ["TicketTriage__CategoriesFile"] = categories });

        Assert.True(exit == 0, stderr);
        JsonElement[] results = ParseLines(stdout);
        Assert.All(results, r => Assert.Contains(r.GetProperty("category").GetString(), new[] { "card_arrival", "exchange_rate", "terminate_account" }));
        Assert.Equal("terminate_account", results[2].GetProperty("category").GetString());
    }

    [Theory]
    [InlineData("{\"id\":\"1\",\"text\":\"ok\"}\n{\"id\":\"2\"," + "\"text\":\"" + CanaryEmail + "\"\n", 2)]
    [InlineData("{\"id\":\"1\",\"text\":\"" + CanaryEmail + "\"}\n[\"" + CanaryEmail + "\"]\n", 2)]
    [InlineData("{\"id\":\"1\",\"text\":\"ok\"}\n{\"id\":\"1\",\"text\":\"" + CanaryEmail + "\"}\n", 2)]
    [InlineData("{\"text\":\"" + CanaryEmail + "\"}\n", 1)]
    [InlineData("{\"id\":\"x\",\"text\":42}\n", 1)]
    public async Task Classify_BadInputLine_ExitsTwoNamingTheLineWithoutItsText(string stdin, int badLine)
    {
        (int exit, string stdout, string stderr) = await _runner.RunAsync(["classify"], stdin: stdin);

        Assert.Equal(2, exit);
        Assert.Contains($"Line {badLine}", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(CanaryEmail, stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
        Assert.Empty(_runner.ReadAuditLines());
    }

    [Theory]
    [InlineData("TicketTriage__CascadeThreshold", "1.5", "CascadeThreshold")]
    [InlineData("TicketTriage__EmbeddingThreads", "-1", "EmbeddingThreads")]
    public async Task Classify_BadCascadeSetting_ExitsTwoNamingIt(string key, string value, string named)
    {
        (int exit, string stdout, string stderr) = await _runner.RunAsync(["classify", "What is the exchange rate?"], new Dictionary<string, string> { [key] = value });

        Assert.Equal(2, exit);
        Assert.Contains(named, stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public async Task Classify_CascadeOn_AuditRecordsNameTheStageThatAnswered()
    {
        // A clear ticket (answered by the lexical head) and a vague one (embedded): both stages in one run.
        string input = _runner.WriteFile("stages.jsonl", [
            "{\"id\":\"1\",\"text\":\"How do I activate my new card?\"}",
            "{\"id\":\"2\",\"text\":\"hmm\"}",
        ]);

        (int exit, _, string stderr) = await _runner.RunAsync(["classify", "--input", input]);

        Assert.True(exit == 0, stderr);
        Assert.Contains("1 (50.0%) embedded with MiniLM", stderr, StringComparison.Ordinal);
        string[] models = _runner.ReadAuditLines()
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("kind").GetString() == "record")
            .Select(e => e.GetProperty("rec").GetProperty("model").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(["triage-minilm-ngram-linear", "triage-ngram-linear"], models);
    }

    [Fact]
    public async Task Classify_PiiEscapedCounter_CountsOnlyPlaceholdersTheTicketItselfHolds()
    {
        // pii.escaped counts placeholder-shaped text the vault did not issue (typed or planted). The sample's own
        // instructions once held "<PERSON_1>", so every record carried pii.escaped = 1, clean tickets included.
        string input = _runner.WriteFile("escaped.jsonl", [
            "{\"id\":\"clean\",\"text\":\"How do I activate my new card?\"}",
            "{\"id\":\"email\",\"text\":\"My card has not arrived, email me at " + CanaryEmail + "\"}",
            "{\"id\":\"typed\",\"text\":\"Please send my statement to <EMAIL_ADDRESS_1> today\"}",
        ]);

        (int exit, _, string stderr) = await _runner.RunAsync(["classify", "--input", input]);

        Assert.True(exit == 0, stderr);
        JsonElement[] counters = _runner.ReadAuditLines()
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("kind").GetString() == "record")
            .Select(e => e.GetProperty("rec").GetProperty("counters").Clone())
            .ToArray();
        Assert.Equal(3, counters.Length);
        static long Count(JsonElement c, string name) => c.TryGetProperty(name, out JsonElement v) ? v.GetInt64() : 0;
        JsonElement redacted = Assert.Single(counters, c => Count(c, "pii.redacted.EMAIL_ADDRESS") == 1);
        Assert.Equal(0, Count(redacted, "pii.escaped"));
        Assert.Equal([0, 0, 1], counters.Select(c => Count(c, "pii.escaped")).Order());
    }

    [Fact]
    public async Task Classify_InputAndTicketTogether_ExitsTwo()
    {
        (int exit, _, string stderr) = await _runner.RunAsync(["classify", "--input", "x.jsonl", "text"]);

        Assert.Equal(2, exit);
        Assert.Contains("either", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _runner.Dispose();

    internal static JsonElement[] ParseLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToArray();

    private static IEnumerable<JsonElement> TriageVerdicts(string ledgerLine)
    {
        foreach (JsonElement verdicts in FindProperties(JsonDocument.Parse(ledgerLine).RootElement.Clone(), "verdicts"))
        {
            foreach (JsonElement verdict in verdicts.EnumerateArray())
            {
                if (verdict.GetProperty("stage").GetString() == "triage")
                {
                    yield return verdict;
                }
            }
        }
    }

    private static IEnumerable<JsonElement> FindProperties(JsonElement element, string name)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (property.NameEquals(name) && property.Value.ValueKind == JsonValueKind.Array)
                {
                    yield return property.Value;
                }
                else
                {
                    foreach (JsonElement found in FindProperties(property.Value, name))
                    {
                        yield return found;
                    }
                }
            }
        }
    }

    private static HashSet<string> ReadApproved()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string settings = Path.Combine(dir.FullName, "samples", "TicketTriage", "appsettings.json");
            if (File.Exists(settings))
            {
                using JsonDocument document = JsonDocument.Parse(File.ReadAllText(settings));
                return document.RootElement.GetProperty("TicketTriage").GetProperty("Categories").EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
            }
        }

        throw new FileNotFoundException("samples/TicketTriage/appsettings.json not found.");
    }
}
