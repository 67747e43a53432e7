using System.CommandLine;
using System.Text.Json;
using Compliant.AI.Cli;

namespace Compliant.AI.Tests.Schema;

public sealed class SchemaCommandTests : IDisposable
{
    private const string Schema = """{"type":"object","properties":{"priority":{"type":"integer","minimum":1}},"required":["priority"],"additionalProperties":false}""";

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("compliant-schema-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CliApp.CreateRootCommand().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static List<JsonElement> Lines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    [Fact]
    public async Task Validate_AllValid_ExitsZeroWithOneLinePerInstance()
    {
        string schema = Write("s.json", Schema);
        string input = Write("in.jsonl", "{\"priority\":1}\n\n{\"priority\":2.0}\n");

        (int exit, string stdout, string _) = await RunAsync("schema", "validate", "--schema", schema, "--input", input);

        Assert.Equal(0, exit);
        List<JsonElement> lines = Lines(stdout);
        Assert.Equal([1, 3], lines.Select(l => l.GetProperty("line").GetInt32()));
        Assert.All(lines, l => Assert.True(l.GetProperty("valid").GetBoolean()));
        Assert.All(lines, l => Assert.Equal(0, l.GetProperty("errors").GetArrayLength()));
    }

    [Fact]
    public async Task Validate_UndeclaredPropertyName_ShownOnlyWithIncludeValues()
    {
        string schema = Write("s.json", Schema);
        string input = Write("in.jsonl", "{\"priority\":1,\"maria.okafor@example.com\":1}\n");

        (int _, string redacted, string _) = await RunAsync("schema", "validate", "--schema", schema, "--input", input);
        (int _, string named, string _) = await RunAsync("schema", "validate", "--schema", schema, "--input", input, "--include-values");

        Assert.DoesNotContain("maria.okafor", redacted, StringComparison.Ordinal);
        Assert.Equal("/*2", Lines(redacted)[0].GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal("/maria.okafor@example.com", Lines(named)[0].GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Validate_RecursiveAnyOfBeyondMaxWork_ReportsMaxWorkInsteadOfHanging()
    {
        const string Recursive = """
            {"$defs":{"node":{"anyOf":[{"type":"object","properties":{"kind":{"const":"a"},"next":{"$ref":"#/$defs/node"}}},
             {"type":"object","properties":{"kind":{"const":"b"},"next":{"$ref":"#/$defs/node"}}}]}},"$ref":"#/$defs/node"}
            """;
        string schema = Write("r.json", Recursive);
        string chain = string.Concat(Enumerable.Repeat("{\"next\":", 40)) + "{\"kind\":\"b\"}" + string.Concat(Enumerable.Repeat(",\"kind\":\"b\"}", 40));
        string input = Write("in.jsonl", chain + "\n");

        (int ok, string _, string _) = await RunAsync("schema", "validate", "--schema", schema, "--input", input, "--max-work", "10000");
        (int exit, string stdout, string _) = await RunAsync("schema", "validate", "--schema", schema, "--input", input, "--max-work", "20");

        Assert.Equal(0, ok);
        Assert.Equal(1, exit);
        Assert.Equal("maxWork", Lines(stdout)[0].GetProperty("errors")[0].GetProperty("keyword").GetString());
    }

    [Fact]
    public async Task Validate_SomeInvalid_ExitsOneWithPathsKeywordsAndNoValues()
    {
        string schema = Write("s.json", Schema);
        string input = Write("in.jsonl", "{\"priority\":0}\n{\"priority\":1,\"ssn\":\"123-45-6789\"}\nnot json at all\n{\"priority\":\"Jane Roe\"}\n");

        (int exit, string stdout, string _) = await RunAsync("schema", "validate", "--schema", schema, "--input", input);

        Assert.Equal(1, exit);
        List<JsonElement> lines = Lines(stdout);
        Assert.Equal(4, lines.Count);
        JsonElement first = lines[0].GetProperty("errors")[0];
        Assert.Equal("/priority", first.GetProperty("path").GetString());
        Assert.Equal("minimum", first.GetProperty("keyword").GetString());
        Assert.Equal("/*2", lines[1].GetProperty("errors")[0].GetProperty("path").GetString()); // an undeclared name is not shown
        Assert.Equal("additionalProperties", lines[1].GetProperty("errors")[0].GetProperty("keyword").GetString());
        Assert.Equal("json", lines[2].GetProperty("errors")[0].GetProperty("keyword").GetString());
        Assert.Equal("type", lines[3].GetProperty("errors")[0].GetProperty("keyword").GetString());
        Assert.DoesNotContain("123-45-6789", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane Roe", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_OutputOption_WritesTheFile()
    {
        string schema = Write("s.json", Schema);
        string input = Write("in.jsonl", "{\"priority\":1}\n");
        string output = Path.Combine(_dir.FullName, "out.jsonl");

        (int exit, string stdout, string _) = await RunAsync("schema", "validate", "--schema", schema, "--input", input, "--output", output);

        Assert.Equal(0, exit);
        Assert.Empty(stdout);
        Assert.True(Lines(File.ReadAllText(output))[0].GetProperty("valid").GetBoolean());
    }

    [Theory]
    [InlineData("{\"type\":\"strnig\"}")]
    [InlineData("not a schema")]
    [InlineData("{\"$ref\":\"#/$defs/missing\"}")]
    public async Task Validate_BadSchema_ExitsTwoWithOneLineReason(string schemaText)
    {
        string schema = Write("s.json", schemaText);
        string input = Write("in.jsonl", "{}\n");

        (int exit, string _, string stderr) = await RunAsync("schema", "validate", "--schema", schema, "--input", input);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: schema:", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData]
    [InlineData("--draft", "5")]
    public async Task Validate_BadUsage_ExitsTwo(params string[] extra)
    {
        string schema = Write("s.json", Schema);
        string[] args = extra.Length == 0 ? ["schema", "validate"] : ["schema", "validate", "--schema", schema, .. extra];

        (int exit, string _, string stderr) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.StartsWith("error:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingSchemaFile_ExitsTwo()
    {
        (int exit, string _, string _) = await RunAsync("schema", "validate", "--schema", Path.Combine(_dir.FullName, "absent.json"), "--input", Write("in.jsonl", "{}"));
        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task Cases_ReportValidityPerLine_AndExitOneOnExpectationMismatch()
    {
        string cases = Write("c.jsonl", """
            {"schema":{"type":"string","maxLength":2},"instance":"😀😀","valid":true}
            {"schema":{"uniqueItems":true},"instance":[1,1.0]}
            {"schema":{"type":"nope"},"instance":1}
            """);

        (int exit, string stdout, string _) = await RunAsync("schema", "validate", "--cases", cases);

        Assert.Equal(0, exit);
        List<JsonElement> lines = Lines(stdout);
        Assert.True(lines[0].GetProperty("valid").GetBoolean());
        Assert.False(lines[1].GetProperty("valid").GetBoolean());
        Assert.False(lines[2].GetProperty("valid").GetBoolean());
        Assert.True(lines[2].TryGetProperty("schemaError", out _));

        string mismatch = Write("m.jsonl", """{"schema":{"minimum":3},"instance":2,"valid":true}""");
        Assert.Equal(1, (await RunAsync("schema", "validate", "--cases", mismatch)).Exit);
    }

    [Fact]
    public async Task Cases_MalformedLine_ExitsTwo()
    {
        string cases = Write("c.jsonl", "{\"schema\":{}}\n");
        (int exit, string _, string stderr) = await RunAsync("schema", "validate", "--cases", cases);
        Assert.Equal(2, exit);
        Assert.Contains("line 1", stderr, StringComparison.Ordinal);
    }
}
