using System.Reflection;

namespace Compliant.AI.Tests.Architecture;

/// <summary>
/// The text kit (src/Compliant.AI/Text, docs/architecture.md "Where things live") is the only place that tokenizes,
/// stems, splits sentences or folds text for PII, retrieval, grounding and the extractive model: no package grows a
/// second one.
/// </summary>
public sealed class TextKitTests
{
    private const string KitNamespace = "Compliant.AI.Text";

    // Allowed outside the kit: the public retrieval analyzer (a facade over IndexTokenizer) and the cl100k token counter
    // used to size chunks (a model vocabulary, not word analysis).
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "Compliant.AI.EnglishAnalyzer",
        "Compliant.AI.Retrieval.Ingestion.DefaultTokenizer",
    };

    private static readonly Assembly[] Packages =
    [
        typeof(GroundingChatClient).Assembly, typeof(PiiDetector).Assembly, typeof(EnglishAnalyzer).Assembly, typeof(ExtractiveChatClient).Assembly,
    ];

    public static TheoryData<string> Assemblies() => new(Packages.Select(a => a.GetName().Name!));

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Package_DeclaresNoTextAnalysisOutsideTheKit(string assemblyName)
    {
        Assembly assembly = Packages.Single(a => a.GetName().Name == assemblyName);

        string[] outside = assembly.GetTypes()
            .Where(t => t.Namespace != KitNamespace && !Allowed.Contains(t.FullName!) && IsTextAnalysis(t.Name))
            .Select(t => t.FullName!)
            .ToArray();

        Assert.Empty(outside);
    }

    [Fact]
    public void Kit_LivesInThePipelinePackage()
    {
        Type[] kit = typeof(GroundingChatClient).Assembly.GetTypes().Where(t => t.Namespace == KitNamespace && !t.IsNested).ToArray();

        Assert.Contains(kit, t => t.Name == "WordToken");
        Assert.Contains(kit, t => t.Name == "PorterStemmer");
        Assert.Contains(kit, t => t.Name == "TextSegmenter");
        Assert.All(kit, t => Assert.False(t.IsPublic, t.FullName + " is public"));
    }

    private static bool IsTextAnalysis(string name) =>
        name.EndsWith("Stemmer", StringComparison.Ordinal) || name.EndsWith("Tokenizer", StringComparison.Ordinal) ||
        name.EndsWith("Segmenter", StringComparison.Ordinal) || name.EndsWith("SentenceSplitter", StringComparison.Ordinal) ||
        name.EndsWith("Analyzer", StringComparison.Ordinal) || name is "WordToken" or "NormalizedText" or "StopWords" or "TermHash";
}
