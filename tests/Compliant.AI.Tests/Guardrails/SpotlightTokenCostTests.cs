using System.Globalization;
using Compliant.AI.Guardrails.Internal;
using Xunit.Abstractions;

namespace Compliant.AI.Tests.Guardrails;

/// <summary>What datamarking costs in tokens (o200k_base via the Retrieval package's counter), on the bundled policy corpus.</summary>
public sealed class SpotlightTokenCostTests(ITestOutputHelper output)
{
    [Fact]
    public void Mark_PolicyCorpus_TokenCostIsMeasuredAndBounded()
    {
        var counter = TiktokenTokenCounter.Instance;
        string[] files = Directory.GetFiles(PolicyDirectory(), "*.md", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        long plain = 0;
        long marked = 0;
        foreach (string file in files)
        {
            string text = File.ReadAllText(file);
            plain += counter.CountTokens(text);
            marked += counter.CountTokens(Spotlight.Mark(text, "^"));
        }

        double ratio = marked / (double)plain;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"spotlighting on {files.Length} policy pages: {plain} -> {marked} tokens (x{ratio:F2}, tokenizer vocabulary loaded: {counter.UsesVocabulary})"));

        Assert.True(ratio > 1.0, "datamarking adds tokens");
        Assert.True(ratio < 2.5, $"datamarking multiplied tokens by {ratio:F2}");
    }

    private static string PolicyDirectory()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "PolicyAssistant", "policies");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("samples/PolicyAssistant/policies not found above the test assembly");
    }
}
