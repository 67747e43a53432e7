using System.CommandLine;
using System.Text;
using System.Text.Json;
using Compliant.AI.Cli.Redaction;
using Compliant.AI.Tests.PiiRedaction;
using Microsoft.Extensions.DependencyInjection;

namespace Compliant.AI.Tests.Cli.Redaction;

public sealed class PiiRedactCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pii-redact-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IServiceProvider TestServices() => new ServiceCollection().AddSingleton<IPiiDetector>(new TestPiiDetector()).BuildServiceProvider();

    private async Task<(int Exit, string[] Lines)> Run(string inputText, params string[] extra)
    {
        string input = Path.Combine(_dir, "in.jsonl");
        string output = Path.Combine(_dir, "out.jsonl");
        await File.WriteAllTextAsync(input, inputText);
        var root = new RootCommand { PiiRedactCommand.Create(TestServices) };
        int exit = await root.Parse(["redact", "--input", input, "--output", output, .. extra]).InvokeAsync();
        string[] lines = File.Exists(output) ? await File.ReadAllLinesAsync(output) : [];
        return (exit, lines);
    }

    [Fact]
    public async Task Redact_Placeholder_WritesIdAndTextInInputOrder()
    {
        string input = string.Join("\n",
            JsonSerializer.Serialize(new { id = "a", text = $"{TestPiiDetector.Name} has SSN {TestPiiDetector.Ssn}" }),
            JsonSerializer.Serialize(new { id = 2, text = "nothing personal" }),
            "",
            JsonSerializer.Serialize(new { id = "c", text = $"Mail {TestPiiDetector.Email} about \"<PERSON_1>\"" }));

        (int exit, string[] lines) = await Run(input);

        Assert.Equal(0, exit);
        Assert.Equal(
        [
            "{\"id\":\"a\",\"text\":\"<PERSON_1> has SSN <US_SSN_1>\"}",
            "{\"id\":2,\"text\":\"nothing personal\"}",
            "{\"id\":\"c\",\"text\":\"Mail <EMAIL_ADDRESS_1> about \\\"<PERSON_1>\\\"\"}",
        ], lines);
    }

    [Fact]
    public async Task Redact_RecognizersTextFlag_AlsoRedactsWrittenRelativeDates()
    {
        string line = JsonSerializer.Serialize(new { id = 1, text = "We met on the third of March last year." });

        (int _, string[] without) = await Run(line);
        (int exit, string[] with) = await Run(line, "--recognizers-text", "--phone-regions", "GB");

        Assert.Equal(0, exit);
        Assert.Contains("third of March", without[0], StringComparison.Ordinal);
        Assert.DoesNotContain("third of March", with[0], StringComparison.Ordinal);
        Assert.Contains("<DATE_TIME_1>", with[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mask", "***-**-6789")]
    [InlineData("remove", "SSN  end")]
    [InlineData("keep", "123-45-6789")]
    public async Task Redact_Operator_IsApplied(string op, string expected)
    {
        (int exit, string[] lines) = await Run(JsonSerializer.Serialize(new { id = 1, text = $"SSN {TestPiiDetector.Ssn} end" }), "--operator", op);

        Assert.Equal(0, exit);
        Assert.Contains(expected, JsonDocument.Parse(lines[0]).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Redact_HashWithKeyEnv_IsStableAcrossLines()
    {
        string variable = "COMPLIANT_TEST_PII_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, Convert.ToBase64String(new byte[32]));
        try
        {
            string input = JsonSerializer.Serialize(new { id = 1, text = TestPiiDetector.Name }) + "\n" + JsonSerializer.Serialize(new { id = 2, text = TestPiiDetector.Name });
            (int exit, string[] lines) = await Run(input, "--operator", "hash", "--key-env", variable);

            Assert.Equal(0, exit);
            string first = JsonDocument.Parse(lines[0]).RootElement.GetProperty("text").GetString()!;
            Assert.Matches("^<PERSON#[0-9a-f]{16}>$", first);
            Assert.Equal(first, JsonDocument.Parse(lines[1]).RootElement.GetProperty("text").GetString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Redact_EncryptWithoutKey_ExitsTwo()
    {
        (int exit, _) = await Run("{\"id\":1,\"text\":\"x\"}", "--operator", "encrypt", "--key-env", "COMPLIANT_TEST_NO_SUCH_VARIABLE");

        Assert.Equal(2, exit);
    }

    [Theory]
    [InlineData("not json 123-45-6789", "line 2: not valid JSON")]
    [InlineData("{\"id\":1,\"text\":42}", "line 2: expected an object with a string \"text\" property")]
    [InlineData("[\"123-45-6789\"]", "line 2: expected an object")]
    public async Task RunAsync_BadLine_ExitsTwoWithOneLineReasonWithoutContent(string badLine, string expected)
    {
        var error = new StringWriter();
        using var output = new MemoryStream();
        string input = "{\"id\":0,\"text\":\"fine\"}\n" + badLine + "\n{\"id\":3,\"text\":\"after\"}";

        int exit = await PiiRedactCommand.RunAsync(new TestPiiDetector(), new PiiAnonymizer(), new StringReader(input), output, error, CancellationToken.None);

        Assert.Equal(2, exit);
        string reason = error.ToString().TrimEnd();
        Assert.Single(reason.Split('\n'));
        Assert.Contains(expected, reason);
        Assert.DoesNotContain("123-45-6789", reason);
        Assert.Equal("{\"id\":0,\"text\":\"fine\"}\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public async Task RunAsync_EmptyText_IsWritten_AndLoneSurrogate_ExitsTwo()
    {
        using var output = new MemoryStream();
        var error = new StringWriter();
        string input = "{\"id\":1,\"text\":\"\"}\n{\"id\":2,\"text\":\"a\\ud800 123-45-6789\"}";

        int exit = await PiiRedactCommand.RunAsync(new TestPiiDetector(), new PiiAnonymizer(), new StringReader(input), output, error, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Equal("{\"id\":1,\"text\":\"\"}\n", Encoding.UTF8.GetString(output.ToArray()));
        Assert.Contains("line 2: \"text\" is not valid UTF-16", error.ToString());
        Assert.DoesNotContain("6789", error.ToString());
    }

    [Fact]
    public async Task RunAsync_TenMegabyteLine_Completes()
    {
        using var output = new MemoryStream();
        string text = new string('9', 10 * 1024 * 1024) + " 123-45-6789";
        string input = JsonSerializer.Serialize(new { id = 1, text });

        int exit = await PiiRedactCommand.RunAsync(new TestPiiDetector(), new PiiAnonymizer(), new StringReader(input), output, new StringWriter(), CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.EndsWith(" <US_SSN_1>", JsonDocument.Parse(output.ToArray()).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void CliApp_RegistersRedactUnderPii()
    {
        Command pii = Compliant.AI.Cli.CliApp.CreateRootCommand().Subcommands.Single(c => c.Name == "pii");

        Assert.Contains(pii.Subcommands, c => c.Name == "redact");
        Assert.Contains(pii.Subcommands, c => c.Name == "detect");
    }

    [Fact]
    public void DefaultServices_ProvideTheRealDetector()
    {
        Assert.IsType<PiiDetector>(PiiRedactCommand.DefaultServices().GetService(typeof(IPiiDetector)));
    }
}
