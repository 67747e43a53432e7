using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace Compliant.AI.Benchmarks.StructuredOutput;

/// <summary>Validation throughput on a ticket-triage schema and a ~2 KB answer: our System.Text.Json validator beside NJsonSchema, same run.</summary>
[MemoryDiagnoser]
public class SchemaValidationBenchmarks
{
    private JsonSchemaValidator _ours = null!;
    private NJsonSchema.JsonSchema _njs = null!;
    private JsonDocument _document = null!;
    private JToken _token = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ours = JsonSchemaValidator.Compile(TicketTriageSample.Schema);
        _njs = NJsonSchema.JsonSchema.FromJsonAsync(TicketTriageSample.Schema).GetAwaiter().GetResult();
        _document = JsonDocument.Parse(TicketTriageSample.Instance);
        _token = JToken.Parse(TicketTriageSample.Instance);
        if (!_ours.Validate(TicketTriageSample.Instance).IsValid || _njs.Validate(TicketTriageSample.Instance).Count != 0)
        {
            throw new InvalidOperationException("the sample must be valid for both engines");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _document.Dispose();

    [Benchmark(Baseline = true, Description = "NJsonSchema: parse + validate (string)")]
    public int NJsonSchemaString() => _njs.Validate(TicketTriageSample.Instance).Count;

    [Benchmark(Description = "Compliant.AI: parse + validate (string)")]
    public bool OursString() => _ours.Validate(TicketTriageSample.Instance).IsValid;

    [Benchmark(Description = "NJsonSchema: validate parsed JToken")]
    public int NJsonSchemaParsed() => _njs.Validate(_token).Count;

    [Benchmark(Description = "Compliant.AI: validate parsed JsonElement")]
    public bool OursParsed() => _ours.Validate(_document.RootElement).IsValid;

    [Benchmark(Description = "Compliant.AI: compile schema")]
    public JsonSchemaValidator OursCompile() => JsonSchemaValidator.Compile(TicketTriageSample.Schema);
}
