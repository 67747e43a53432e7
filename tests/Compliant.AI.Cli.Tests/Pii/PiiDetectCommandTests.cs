using System.CommandLine;
using System.Text;
using System.Text.Json;
using Compliant.AI.Cli.Pii;

namespace Compliant.AI.Cli.Tests.Pii;

public class PiiDetectCommandTests
{
    [Fact]
    public async Task RunAsync_JsonLines_EchoesIdsInOrderWithEntities()
    {
        const string input = "{\"id\": 7, \"text\": \"SSN 536-90-4399\"}\n{\"id\": \"b\", \"text\": \"nothing here\"}\n";
        using var output = new MemoryStream();
        int rc = await PiiDetectCommand.RunAsync(new PiiDetector(), new StringReader(input), output, TextWriter.Null, default);

        Assert.Equal(0, rc);
        string[] lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using JsonDocument first = JsonDocument.Parse(lines[0]);
        Assert.Equal(7, first.RootElement.GetProperty("id").GetInt32());
        JsonElement entity = Assert.Single(first.RootElement.GetProperty("entities").EnumerateArray());
        Assert.Equal(("US_SSN", 4, 15), (entity.GetProperty("type").GetString(), entity.GetProperty("start").GetInt32(), entity.GetProperty("end").GetInt32()));
        using JsonDocument second = JsonDocument.Parse(lines[1]);
        Assert.Equal("b", second.RootElement.GetProperty("id").GetString());
        Assert.Empty(second.RootElement.GetProperty("entities").EnumerateArray());
    }

    [Theory]
    [InlineData("{\"id\": 1, \"text\": \"ok\"}\n{not json with SSN 536-90-4399\n", "line 2")]
    [InlineData("{\"id\": 1}\n", "line 1")]
    [InlineData("{\"id\": 1, \"text\": \"ok\"}\n{\"id\": 2, \"text\": \"SSN 536-90-4399 \\ud800\"}\n", "line 2: \"text\" is not valid UTF-16")]
    public async Task RunAsync_BadLine_Exit2WithLineNumberAndNoContent(string input, string expected)
    {
        var error = new StringWriter();
        int rc = await PiiDetectCommand.RunAsync(new PiiDetector(), new StringReader(input), new MemoryStream(), error, default);

        Assert.Equal(2, rc);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("536", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detect_RecognizersTextFlag_AddsWrittenDates()
    {
        string dir = Directory.CreateTempSubdirectory("pii-detect-").FullName;
        try
        {
            string input = Path.Combine(dir, "in.jsonl");
            await File.WriteAllTextAsync(input, "{\"id\": 1, \"text\": \"We met on the third of March last year.\"}\n");
            var root = new RootCommand { PiiDetectCommand.Create() };

            int plain = await root.Parse(["detect", "--input", input, "--output", Path.Combine(dir, "plain.jsonl")]).InvokeAsync();
            int extra = await root.Parse(["detect", "--input", input, "--output", Path.Combine(dir, "extra.jsonl"), "--recognizers-text"]).InvokeAsync();

            Assert.Equal((0, 0), (plain, extra));
            using JsonDocument without = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "plain.jsonl")));
            using JsonDocument with = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "extra.jsonl")));
            Assert.Empty(without.RootElement.GetProperty("entities").EnumerateArray());
            JsonElement date = Assert.Single(with.RootElement.GetProperty("entities").EnumerateArray());
            Assert.Equal("DATE_TIME", date.GetProperty("type").GetString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
