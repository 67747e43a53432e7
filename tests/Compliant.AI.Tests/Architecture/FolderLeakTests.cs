using System.Text.RegularExpressions;

namespace Compliant.AI.Tests.Architecture;

/// <summary>
/// Stages never reference each other's internals (docs/architecture.md): a folder of <c>src/Compliant.AI</c> uses its own
/// <c>Internal/</c>, the shared <c>Internal/</c> (<c>Compliant.AI.Internal</c>) and the text kit (<c>Compliant.AI.Text</c>),
/// and meets other stages only through public types, <c>AuditScope.Current</c>, <c>ChatOptions</c> and <c>GetService</c>.
/// The source text is read, because a <c>using</c> of another folder's internals is the leak itself.
/// </summary>
public sealed partial class FolderLeakTests
{
    // Known leaks, each to be removed by moving the shared piece to a neutral place; a new one fails the test.
    // - Grounding blanks redaction placeholders with the PII stage's placeholder grammar: moving PlaceholderSyntax needs an
    //   edit in Compliant.AI.Redis, which uses it too.
    // - The prompt-versions validator checks grounding templates for grounding's "{sources}" placeholder constant.
    private static readonly HashSet<(string Folder, string UsedFolder)> Known =
    [
        ("Grounding", "PiiRedaction"),
        ("PromptVersions", "Grounding"),
    ];

    // The internal namespace of each folder, where it is not Compliant.AI.<Folder>.Internal.
    private static readonly Dictionary<string, string> InternalOwner = new(StringComparer.Ordinal) { ["Tools"] = "ToolPolicy" };

    [Fact]
    public void NoFolder_UsesAnotherFoldersInternals()
    {
        string root = Path.Combine(RepositoryRoot(), "src", "Compliant.AI");
        var leaks = new List<string>();
        int files = 0;
        string[] folders = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().ToArray();
        foreach (string folder in folders)
        {
            if (folder is "Internal" or "Text" or "bin" or "obj")
            {
                continue;
            }

            foreach (string file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            {
                files++;
                string text = File.ReadAllText(file);
                foreach (Match match in InternalNamespace().Matches(text))
                {
                    string used = match.Groups["folder"].Value;
                    used = InternalOwner.GetValueOrDefault(used, used);
                    if (folders.Contains(used, StringComparer.Ordinal) && used != folder && !Known.Contains((folder, used)) && !IsNamespaceDeclaration(text, match.Index))
                    {
                        leaks.Add($"{Path.GetRelativePath(root, file)} uses {match.Value}");
                    }
                }
            }
        }

        Assert.True(files > 100, $"only {files} source files found under {root}");
        Assert.Empty(leaks);
    }

    [Fact]
    public void KnownLeaks_AreStillThere_SoTheListShrinksWhenOneIsFixed()
    {
        string root = Path.Combine(RepositoryRoot(), "src", "Compliant.AI");
        foreach ((string folder, string used) in Known)
        {
            bool found = Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
                .Any(f => File.ReadAllText(f).Contains($"Compliant.AI.{used}.Internal", StringComparison.Ordinal));
            Assert.True(found, $"{folder} no longer uses {used}'s internals: remove it from the known leaks");
        }
    }

    private static bool IsNamespaceDeclaration(string text, int index)
    {
        int lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        return text.AsSpan(lineStart, index - lineStart).TrimStart().StartsWith("namespace ", StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Compliant.AI.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return dir.FullName;
    }

    [GeneratedRegex(@"(?<![\w.])(?:Compliant\.AI\.)?(?<folder>[A-Z][A-Za-z]+)\.Internal\b")]
    private static partial Regex InternalNamespace();
}
