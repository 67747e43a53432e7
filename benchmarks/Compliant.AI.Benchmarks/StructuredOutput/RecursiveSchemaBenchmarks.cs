using System.Text;
using BenchmarkDotNet.Attributes;

namespace Compliant.AI.Benchmarks.StructuredOutput;

/// <summary>
/// The issue-10 row-17 case: a recursive <c>anyOf</c> schema whose two branches both recurse into <c>next</c>, with an
/// answer <see cref="Depth"/> levels deep whose <c>kind</c> comes after <c>next</c>. Without memoization the work
/// doubled per level (depth 24: 27 s); it must now grow polynomially (linearly here).
/// </summary>
[MemoryDiagnoser]
public class RecursiveSchemaBenchmarks
{
    private const string Schema = """
        {"$defs":{"node":{"anyOf":[
          {"type":"object","properties":{"kind":{"const":"a"},"next":{"$ref":"#/$defs/node"}},"required":["kind"]},
          {"type":"object","properties":{"kind":{"const":"b"},"next":{"$ref":"#/$defs/node"}},"required":["kind"]}]}},
         "$ref":"#/$defs/node"}
        """;

    private JsonSchemaValidator _validator = null!;
    private string _instance = null!;

    /// <summary>Gets or sets how deep the answer nests.</summary>
    [Params(10, 20, 40, 80)]
    public int Depth { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // MaxDepth raised so that depth 80 is accepted (the default is 64)
        _validator = JsonSchemaValidator.Compile(Schema, new JsonSchemaValidatorOptions { MaxDepth = 200 });
        var sb = new StringBuilder();
        for (int i = 0; i < Depth; i++)
        {
            sb.Append("{\"next\":");
        }

        sb.Append("{\"kind\":\"b\"}");
        for (int i = 0; i < Depth; i++)
        {
            sb.Append(",\"kind\":\"b\"}");
        }

        _instance = sb.ToString();
        if (!_validator.Validate(_instance).IsValid)
        {
            throw new InvalidOperationException("the chain must be valid");
        }
    }

    [Benchmark(Description = "recursive anyOf: parse + validate")]
    public bool Validate() => _validator.Validate(_instance).IsValid;
}
