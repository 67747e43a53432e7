using System.Reflection;
using System.Xml.Linq;

namespace Compliant.AI.Tests.Architecture;

/// <summary>
/// The package graph drawn in docs/architecture.md ("Packages"): which shipping project may reference which, and the
/// heavy dependencies the pipeline package must never take.
/// </summary>
public sealed class PackageGraphTests
{
    // project -> the Compliant.AI projects it may reference directly
    private static readonly Dictionary<string, string[]> AllowedProjects = new(StringComparer.Ordinal)
    {
        ["Compliant.AI.Abstractions"] = [],
        ["Compliant.AI"] = ["Compliant.AI.Abstractions"],
        ["Compliant.AI.Pii"] = ["Compliant.AI"],
        ["Compliant.AI.Retrieval"] = ["Compliant.AI"],
        ["Compliant.AI.ExtractiveModel"] = ["Compliant.AI"],
        ["Compliant.AI.Recognizers"] = ["Compliant.AI.Pii"],
        ["Compliant.AI.Qdrant"] = ["Compliant.AI.Retrieval"],
        ["Compliant.AI.Embeddings.MiniLM"] = ["Compliant.AI"],
        ["Compliant.AI.Redis"] = ["Compliant.AI"],
        ["Compliant.AI.PostgreSql"] = ["Compliant.AI"],
        ["Compliant.AI.PromptInjection"] = ["Compliant.AI"],
        ["Compliant.AI.AspNetCore"] = ["Compliant.AI"],
        ["Compliant.AI.Evaluation"] = ["Compliant.AI"],
    };

    // What a team taking only auditing and redaction must not receive through the pipeline package.
    private static readonly string[] HeavyPackages =
    [
        "Microsoft.ML.Tokenizers", "Microsoft.ML.Tokenizers.Data.O200kBase", "Microsoft.ML.Tokenizers.Data.Cl100kBase",
        "Google.Protobuf", "System.Numerics.Tensors", "Microsoft.Extensions.VectorData.Abstractions",
        "Microsoft.ML", "Microsoft.ML.OnnxRuntime", "SentenceTransformers", "Qdrant.Client", "libphonenumber-csharp",
        "Microsoft.Recognizers.Text", "StackExchange.Redis", "Npgsql",
    ];

    public static TheoryData<string> ShippingProjects() => new(AllowedProjects.Keys);

    [Theory]
    [MemberData(nameof(ShippingProjects))]
    public void ProjectReferences_FollowThePackageGraph(string project)
    {
        XDocument csproj = XDocument.Load(ProjectFile(project));
        string[] references = csproj.Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(((string)e.Attribute("Include")!).Replace('\\', '/')))
            .ToArray();

        Assert.All(references, r => Assert.Contains(r, AllowedProjects[project]));
    }

    [Theory]
    [InlineData("Compliant.AI.Abstractions")]
    [InlineData("Compliant.AI")]
    [InlineData("Compliant.AI.Pii")]
    [InlineData("Compliant.AI.ExtractiveModel")]
    [InlineData("Compliant.AI.PromptInjection")]
    public void LightPackages_TakeNoHeavyDependency(string project)
    {
        XDocument csproj = XDocument.Load(ProjectFile(project));
        string[] packages = csproj.Descendants("PackageReference").Select(e => (string)e.Attribute("Include")!).ToArray();

        Assert.Empty(packages.Intersect(HeavyPackages, StringComparer.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(typeof(CompliantAIBuilder), new[] { "Compliant.AI.Abstractions" })]
    [InlineData(typeof(PiiDetectionOptions), new[] { "Compliant.AI", "Compliant.AI.Abstractions" })]
    [InlineData(typeof(ExtractiveChatClient), new[] { "Compliant.AI", "Compliant.AI.Abstractions" })]
    [InlineData(typeof(InMemoryBm25Index), new[] { "Compliant.AI", "Compliant.AI.Abstractions" })]
    public void CompiledAssemblies_ReferenceOnlyAllowedSiblings(Type typeInAssembly, string[] allowed)
    {
        Assembly assembly = typeInAssembly.Assembly;
        string[] siblings = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Compliant.AI", StringComparison.Ordinal))
            .ToArray();

        Assert.All(siblings, s => Assert.Contains(s, allowed));
    }

    [Fact]
    public void PipelineAssembly_LoadsNoTokenizerTensorsOrVectorData()
    {
        string[] referenced = typeof(CompliantAIBuilder).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.DoesNotContain("Microsoft.ML.Tokenizers", referenced);
        Assert.DoesNotContain("System.Numerics.Tensors", referenced);
        Assert.DoesNotContain("Microsoft.Extensions.VectorData.Abstractions", referenced);
        Assert.DoesNotContain("Google.Protobuf", referenced);
    }

    private static string ProjectFile(string project)
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Compliant.AI.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        string path = Path.Combine(dir.FullName, "src", project, project + ".csproj");
        Assert.True(File.Exists(path), $"{path} is missing");
        return path;
    }
}
