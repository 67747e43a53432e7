using Xunit.Abstractions;
using static Compliant.AI.Tests.StructuredOutput.JsonSchemaTestSuite;

namespace Compliant.AI.Tests.StructuredOutput;

/// <summary>Conformance of <see cref="JsonSchemaValidator"/> on the official JSON Schema Test Suite (required tests, and optional/ reported separately).</summary>
public sealed class JsonSchemaTestSuiteTests(ITestOutputHelper output)
{
    /// <summary>The keyword files structured outputs rely on; each must pass at least 99%.</summary>
    private static readonly string[] CoreKeywordFiles =
    [
        "type.json", "properties.json", "required.json", "additionalProperties.json", "items.json", "prefixItems.json",
        "enum.json", "const.json", "anyOf.json", "oneOf.json", "allOf.json", "not.json", "ref.json", "defs.json",
        "minimum.json", "maximum.json", "exclusiveMinimum.json", "exclusiveMaximum.json", "minLength.json", "maxLength.json",
        "minItems.json", "maxItems.json", "pattern.json", "uniqueItems.json",
    ];

    [DatasetFact(DatasetName)]
    public void Draft202012_RequiredTests_MeetFloors()
    {
        List<FileResult> results = Run("draft2020-12", optional: false, Ours, JsonSchemaDialect.Draft202012);
        output.WriteLine(Format("draft2020-12 (required)", results));
        AssertCoreFloors(results);
        Assert.True(Overall(results) >= 0.95, $"overall {Overall(results):P2} < 95%");
    }

    [DatasetFact(DatasetName)]
    public void Draft7_RequiredTests_MeetFloors()
    {
        List<FileResult> results = Run("draft7", optional: false, Ours, JsonSchemaDialect.Draft7);
        output.WriteLine(Format("draft7 (required)", results));
        AssertCoreFloors(results);
        Assert.True(Overall(results) >= 0.95, $"overall {Overall(results):P2} < 95%");
    }

    [DatasetFact(DatasetName)]
    public void Draft202012_OptionalTests_AreReported()
    {
        List<FileResult> results = Run("draft2020-12", optional: true, Ours, JsonSchemaDialect.Draft202012);
        output.WriteLine(Format("draft2020-12 (optional)", results));
        Assert.NotEmpty(results);
    }

    [DatasetFact(DatasetName)]
    public void Draft7_OptionalTests_AreReported()
    {
        List<FileResult> results = Run("draft7", optional: true, Ours, JsonSchemaDialect.Draft7);
        output.WriteLine(Format("draft7 (optional)", results));
        Assert.NotEmpty(results);
    }

    /// <summary>
    /// Test groups that validate a schema against the official draft metaschema, which the library does not ship and
    /// never fetches (a user can supply it through <see cref="JsonSchemaValidatorOptions.RemoteSchemas"/>). They still
    /// count as failures in every reported rate; only the per-keyword floors leave them out.
    /// </summary>
    private static readonly string[] MetaschemaGroups = ["validate definition against metaschema", "remote ref, containing refs itself"];

    private static void AssertCoreFloors(List<FileResult> results)
    {
        foreach (FileResult r in results.Where(r => CoreKeywordFiles.Contains(r.File)))
        {
            int metaschemaFailures = r.Failures.Count(f => MetaschemaGroups.Any(g => f.StartsWith(g + " /", StringComparison.Ordinal)));
            int total = r.Total - metaschemaFailures;
            double rate = total == 0 ? 1 : (double)r.Passed / total;
            Assert.True(rate >= 0.99, $"{r.File}: {r.Passed}/{total} ({rate:P1}) < 99% (excluding {metaschemaFailures} metaschema tests)");
        }
    }

    [DatasetFact(DatasetName)]
    public void NJsonSchema_RequiredTests_AreReportedForComparison()
    {
        List<FileResult> d2020 = Run("draft2020-12", optional: false, NJsonSchemaAdapter.Factory, JsonSchemaDialect.Draft202012, NJsonSchemaAdapter.CrashingFiles);
        output.WriteLine(Format("NJsonSchema draft2020-12 (required)", d2020));
        List<FileResult> d7 = Run("draft7", optional: false, NJsonSchemaAdapter.Factory, JsonSchemaDialect.Draft7, NJsonSchemaAdapter.CrashingFiles);
        output.WriteLine(Format("NJsonSchema draft7 (required)", d7));
        Assert.NotEmpty(d2020);
    }

    [DatasetFact(DatasetName)]
    public void JsonSchemaNet_RequiredAndOptionalTests_AreReportedForComparison()
    {
        foreach ((string draft, JsonSchemaDialect dialect) in new[] { ("draft2020-12", JsonSchemaDialect.Draft202012), ("draft7", JsonSchemaDialect.Draft7) })
        {
            output.WriteLine(Format($"JsonSchema.Net {draft} (required)", Run(draft, optional: false, JsonSchemaNetAdapter.Factory, dialect)));
            output.WriteLine(Format($"JsonSchema.Net {draft} (optional)", Run(draft, optional: true, JsonSchemaNetAdapter.Factory, dialect)));
        }

        Assert.NotEmpty(Run("draft7", optional: false, JsonSchemaNetAdapter.Factory, JsonSchemaDialect.Draft7));
    }
}
