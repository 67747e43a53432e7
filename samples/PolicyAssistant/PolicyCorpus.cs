using System.Security.Cryptography;
using System.Text;
using Compliant.AI;
using Microsoft.Extensions.FileSystemGlobbing;

namespace PolicyAssistant;

/// <summary>
/// A policy folder and the rules for reading it: which files count (Markdown, text, HTML; LICENSE/README-like files and
/// the configured globs left out) and which access rule documents without one get.
/// </summary>
public sealed class PolicyCorpus
{
    /// <summary>File-name globs never ingested: repository boilerplate, not policy.</summary>
    public static readonly string[] DefaultExcludes =
    [
        "**/LICENSE*", "**/LICENCE*", "**/COPYING*", "**/NOTICE*", "**/THIRD-PARTY-NOTICES*", "**/README*", "**/CHANGELOG*",
        "**/CONTRIBUTING*", "**/CODE_OF_CONDUCT*", "**/SECURITY.md", "**/.*/**", "**/node_modules/**",
    ];

    private static readonly string[] Extensions = [".md", ".markdown", ".txt", ".html", ".htm"];

    public PolicyCorpus(string folder, bool bundled, string? defaultAcl, IReadOnlyList<string> exclude)
    {
        Folder = Path.GetFullPath(folder);
        Bundled = bundled;
        DefaultAcl = string.IsNullOrWhiteSpace(defaultAcl) ? null : defaultAcl.Trim();
        DefaultPrincipal = DefaultAcl is null ? null : AccessRules.ParsePrincipal(DefaultAcl);
        Exclude = exclude.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()).ToArray();
    }

    public string Folder { get; }

    public bool Bundled { get; }

    public string? DefaultAcl { get; }

    /// <summary>Gets the principal name <see cref="DefaultAcl"/> stands for (<c>*</c>, <c>group:…</c> or <c>user:…</c>).</summary>
    public string? DefaultPrincipal { get; }

    public IReadOnlyList<string> Exclude { get; }

    /// <summary>Gets a short description for people: "the bundled policies" or the folder.</summary>
    public string DisplayName => Bundled ? "the bundled policies (samples/PolicyAssistant/policies)" : Folder;

    /// <summary>Lists the files that are ingested and those left out, in a stable order.</summary>
    /// <exception cref="AssistantConfigurationException">The folder does not exist.</exception>
    public (IReadOnlyList<string> Included, IReadOnlyList<string> Skipped) Files()
    {
        if (!Directory.Exists(Folder))
        {
            throw new AssistantConfigurationException($"The policy folder '{Folder}' does not exist.");
        }

        var matcher = new Matcher(StringComparison.OrdinalIgnoreCase);
        matcher.AddIncludePatterns(DefaultExcludes.Concat(Exclude));
        var included = new List<string>();
        var skipped = new List<string>();
        foreach (string file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(Folder, file).Replace('\\', '/');
            if (!Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            // A pattern like "LICENSE*" matches at the root; "**/LICENSE*" anywhere. Both forms are accepted.
            if (matcher.Match(relative).HasMatches || matcher.Match(Path.GetFileName(file)).HasMatches)
            {
                skipped.Add(relative);
            }
            else
            {
                included.Add(file);
            }
        }

        return (included, skipped);
    }

    /// <summary>Loads the documents; those without access rules get <see cref="DefaultPrincipal"/> when set. Group names are lower-cased.</summary>
    public async Task<(List<SourceDocument> Documents, int WithoutAcl)> LoadAsync(CancellationToken cancellationToken)
    {
        var documents = new List<SourceDocument>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        int withoutAcl = 0;
        foreach (string file in Files().Included)
        {
            string relative = Path.GetRelativePath(Folder, file).Replace('\\', '/');
            SourceDocument loaded = await DocumentLoader.LoadFileAsync(file, cancellationToken: cancellationToken);
            if (!ids.Add(loaded.Id))
            {
                // Two files with the same name in different folders: the relative path keeps ids unique.
                loaded = await DocumentLoader.LoadFileAsync(file, id: Path.ChangeExtension(relative, null), cancellationToken: cancellationToken);
                ids.Add(loaded.Id);
            }

            IReadOnlyList<string> principals = loaded.AllowedPrincipals;
            if (principals.Count == 0)
            {
                withoutAcl++;
                principals = DefaultPrincipal is null ? [] : [DefaultPrincipal];
            }

            documents.Add(WithPrincipals(loaded, principals.Select(AccessRules.Normalize).Distinct(StringComparer.Ordinal).ToArray()));
        }

        return (documents, withoutAcl);
    }

    /// <summary>A fingerprint of the selected files (names and contents) and of the rules, so a change of either rebuilds the index.</summary>
    public string Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"acl={DefaultPrincipal}\nexclude={string.Join('|', Exclude)}\n"));
        if (Directory.Exists(Folder))
        {
            foreach (string file in Files().Included)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(Folder, file).Replace('\\', '/') + "\n"));
                hash.AppendData(File.ReadAllBytes(file));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static SourceDocument WithPrincipals(SourceDocument d, IReadOnlyList<string> principals) => new(d.Id, d.Text)
    {
        Format = d.Format,
        BodyStart = d.BodyStart,
        Title = d.Title,
        SourceUri = d.SourceUri,
        AllowedPrincipals = principals,
        Classification = d.Classification,
        Version = d.Version,
        Metadata = d.Metadata,
    };
}
