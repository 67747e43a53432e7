using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Json.Schema;

namespace Compliant.AI.Benchmarks.StructuredOutput;

/// <summary>
/// Our validator beside JsonSchema.Net 8.0.5, same run: the ticket-triage schema against the ~2 KB answer (small) and
/// against an array of 200 such answers (large, ~390 KB). JsonSchema.Net evaluates a parsed <see cref="JsonElement"/>;
/// "from text" rows include the parse for both. Its <c>Flag</c> output is a yes/no, <c>List</c> is what an error
/// report (and so the re-ask) needs. For the engine decision in docs/structured-output.md.
/// </summary>
[MemoryDiagnoser]
public class SchemaEngineComparisonBenchmarks
{
    private JsonSchemaValidator _ours = null!;
    private Json.Schema.JsonSchema _theirs = null!;
    private string _schema = null!;
    private string _instance = null!;
    private JsonDocument _document = null!;
    private readonly EvaluationOptions _flag = new() { OutputFormat = OutputFormat.Flag };
    private readonly EvaluationOptions _list = new() { OutputFormat = OutputFormat.List };

    /// <summary>Gets or sets the answer size: one ticket (~2 KB) or 200 tickets (~390 KB).</summary>
    [Params("small", "large")]
    public string Size { get; set; } = "small";

    [GlobalSetup]
    public void Setup()
    {
        if (Size == "small")
        {
            _schema = TicketTriageSample.Schema;
            _instance = TicketTriageSample.Instance;
        }
        else
        {
            string ticket = TicketTriageSample.Schema.Replace("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\",", string.Empty, StringComparison.Ordinal);
            _schema = "{\"type\":\"object\",\"properties\":{\"tickets\":{\"type\":\"array\",\"items\":" + ticket + "}},\"required\":[\"tickets\"]}";
            var sb = new StringBuilder("{\"tickets\":[");
            for (int i = 0; i < 200; i++)
            {
                sb.Append(i == 0 ? string.Empty : ",").Append(TicketTriageSample.Instance);
            }

            _instance = sb.Append("]}").ToString();
        }

        _ours = JsonSchemaValidator.Compile(_schema);
        _theirs = CompileTheirs();
        _document = JsonDocument.Parse(_instance);
        if (!_ours.Validate(_instance).IsValid || !_theirs.Evaluate(_document.RootElement, _list).IsValid)
        {
            throw new InvalidOperationException("the sample must be valid for both engines");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _document.Dispose();

    [Benchmark(Baseline = true, Description = "JsonSchema.Net: parse + evaluate (List)")]
    public bool TheirsString()
    {
        using JsonDocument d = JsonDocument.Parse(_instance);
        return _theirs.Evaluate(d.RootElement, _list).IsValid;
    }

    [Benchmark(Description = "Compliant.AI: parse + validate (string)")]
    public bool OursString() => _ours.Validate(_instance).IsValid;

    [Benchmark(Description = "JsonSchema.Net: evaluate parsed (Flag)")]
    public bool TheirsParsedFlag() => _theirs.Evaluate(_document.RootElement, _flag).IsValid;

    [Benchmark(Description = "JsonSchema.Net: evaluate parsed (List)")]
    public bool TheirsParsedList() => _theirs.Evaluate(_document.RootElement, _list).IsValid;

    [Benchmark(Description = "Compliant.AI: validate parsed")]
    public bool OursParsed() => _ours.Validate(_document.RootElement).IsValid;

    [Benchmark(Description = "JsonSchema.Net: build schema")]
    public Json.Schema.JsonSchema TheirsCompile() => CompileTheirs();

    [Benchmark(Description = "Compliant.AI: compile schema")]
    public JsonSchemaValidator OursCompile() => JsonSchemaValidator.Compile(_schema);

    // a registry per build: the global one would refuse a second schema under the same base URI
    private Json.Schema.JsonSchema CompileTheirs() => Json.Schema.JsonSchema.FromText(_schema, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
}
