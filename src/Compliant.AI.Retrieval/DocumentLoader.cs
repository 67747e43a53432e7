using Compliant.AI.Retrieval.Ingestion;

namespace Compliant.AI;

/// <summary>Builds <see cref="SourceDocument"/>s from plain text, Markdown and HTML, reading metadata and access-control lists.</summary>
/// <remarks>
/// <para>
/// Markdown and plain text may start with a YAML-style front-matter block:
/// <code>
/// ---
/// id: sop-042
/// title: Audit log retention
/// acl: [group:compliance, user:alice]   # or: groups: [compliance]  users: [alice]  public: true
/// classification: internal
/// version: 3
/// ---
/// </code>
/// <c>acl</c> entries are principal names (<c>*</c>, <c>user:…</c>, <c>group:…</c>; a bare name is a group);
/// other keys become <see cref="SourceDocument.Metadata"/>. The document text keeps the front matter, and chunks start
/// after it, so chunk offsets index the original file content.
/// </para>
/// <para>
/// HTML is reduced to its visible text (headings become Markdown headings); <c>&lt;title&gt;</c> and
/// <c>&lt;meta name="acl|classification|version" content="…"&gt;</c> supply metadata. Offsets then index the extracted text.
/// </para>
/// <para>A Markdown document without a front-matter <c>title</c> takes the text of its first level-one heading
/// (<c># Title</c>) as its title.</para>
/// <para>A document without any access-control entry gets the <c>defaultAllowedPrincipals</c> given to the loader, or none (nobody may read it).</para>
/// </remarks>
public static class DocumentLoader
{
    /// <summary>Loads a document from its content.</summary>
    /// <param name="id">The document id, used unless the front matter sets <c>id</c>.</param>
    /// <param name="content">The raw content.</param>
    /// <param name="format">The content format.</param>
    /// <param name="sourceUri">The source URI or path, if any.</param>
    /// <param name="defaultAllowedPrincipals">The access-control list for documents that declare none.</param>
    /// <returns>The document.</returns>
    public static SourceDocument Load(string id, string content, DocumentFormat format, string? sourceUri = null, IReadOnlyList<string>? defaultAllowedPrincipals = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(content);
        if (format == DocumentFormat.Html)
        {
            (string text, string? title, Dictionary<string, string> meta) = HtmlText.Extract(content);
            var values = meta.ToDictionary(kv => kv.Key, kv => SplitList(kv.Value), StringComparer.OrdinalIgnoreCase);
            if (title is not null && !values.ContainsKey("title"))
            {
                values["title"] = [title];
            }

            return Build(id, text, 0, DocumentFormat.Html, sourceUri, values, defaultAllowedPrincipals);
        }

        if (FrontMatter.TryParse(content, out Dictionary<string, List<string>> front, out int bodyStart))
        {
            return Build(id, content, bodyStart, format, sourceUri, front, defaultAllowedPrincipals);
        }

        return Build(id, content, 0, format, sourceUri, new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase), defaultAllowedPrincipals);
    }

    /// <summary>Loads a file, choosing the format from its extension (<c>.md</c>/<c>.markdown</c>, <c>.html</c>/<c>.htm</c>, else plain text).</summary>
    /// <param name="path">The file path.</param>
    /// <param name="id">The document id, or <see langword="null"/> to use the file name without extension.</param>
    /// <param name="defaultAllowedPrincipals">The access-control list for documents that declare none.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The document.</returns>
    public static async Task<SourceDocument> LoadFileAsync(string path, string? id = null, IReadOnlyList<string>? defaultAllowedPrincipals = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string content = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Load(id ?? Path.GetFileNameWithoutExtension(path), content, FormatFromPath(path), path, defaultAllowedPrincipals);
    }

    /// <summary>Returns the format a file extension implies.</summary>
    /// <param name="path">The file path or name.</param>
    /// <returns>The format; <see cref="DocumentFormat.PlainText"/> for unknown extensions.</returns>
    public static DocumentFormat FormatFromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string extension = Path.GetExtension(path);
        return extension.ToUpperInvariant() switch
        {
            ".MD" or ".MARKDOWN" or ".MDX" => DocumentFormat.Markdown,
            ".HTML" or ".HTM" or ".XHTML" => DocumentFormat.Html,
            _ => DocumentFormat.PlainText,
        };
    }

    /// <summary>The text of a Markdown body's first level-one heading (<c># Title</c>), when no front matter names a title.</summary>
    internal static string? FirstHeading(string text, int bodyStart)
    {
        int lineStart = bodyStart;
        while (lineStart < text.Length)
        {
            int lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            ReadOnlySpan<char> line = text.AsSpan(lineStart, lineEnd - lineStart).TrimEnd('\r');
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                string heading = line[2..].Trim().TrimEnd('#').Trim().ToString();
                return heading.Length == 0 ? null : heading;
            }

            // Fenced code is not a heading's place.
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                int close = text.IndexOf("```", lineEnd, StringComparison.Ordinal);
                lineEnd = close < 0 ? text.Length : Math.Max(lineEnd, text.IndexOf('\n', close) is int n and >= 0 ? n : text.Length);
            }

            lineStart = lineEnd + 1;
        }

        return null;
    }

    private static SourceDocument Build(string id, string text, int bodyStart, DocumentFormat format, string? sourceUri, Dictionary<string, List<string>> values, IReadOnlyList<string>? defaultAcl)
    {
        var acl = new List<string>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        string? title = null, classification = null, version = null;
        foreach ((string key, List<string> list) in values)
        {
            string first = list.Count > 0 ? list[0] : string.Empty;
            switch (key.ToUpperInvariant())
            {
                case "ID" when first.Length > 0:
                    id = first;
                    break;
                case "TITLE":
                    title = first;
                    break;
                case "CLASSIFICATION":
                    classification = first;
                    break;
                case "VERSION":
                    version = first;
                    break;
                case "SOURCE" or "URL" when first.Length > 0:
                    sourceUri ??= first;
                    break;
                case "ACL" or "ALLOWED" or "PRINCIPALS":
                    acl.AddRange(list.SelectMany(SplitList).Select(static p => p.Contains(':', StringComparison.Ordinal) || p == PrincipalNames.Everyone ? p : PrincipalNames.Group(p)));
                    break;
                case "GROUPS":
                    acl.AddRange(list.SelectMany(SplitList).Select(PrincipalNames.Group));
                    break;
                case "USERS":
                    acl.AddRange(list.SelectMany(SplitList).Select(PrincipalNames.User));
                    break;
                case "PUBLIC":
                    if (bool.TryParse(first, out bool isPublic) && isPublic)
                    {
                        acl.Add(PrincipalNames.Everyone);
                    }

                    break;
                default:
                    metadata[key] = string.Join(", ", list);
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(title) && format == DocumentFormat.Markdown)
        {
            title = FirstHeading(text, bodyStart);
        }

        IReadOnlyList<string> allowed = acl.Count > 0 ? acl.Distinct(StringComparer.Ordinal).ToArray() : defaultAcl ?? [];
        return new SourceDocument(id, text)
        {
            Format = format,
            BodyStart = bodyStart,
            Title = string.IsNullOrWhiteSpace(title) ? null : title,
            SourceUri = sourceUri,
            AllowedPrincipals = allowed,
            Classification = string.IsNullOrWhiteSpace(classification) ? null : classification,
            Version = string.IsNullOrWhiteSpace(version) ? null : version,
            Metadata = metadata.Count > 0 ? metadata : null,
        };
    }

    private static List<string> SplitList(string value)
    {
        ReadOnlySpan<char> v = value.AsSpan().Trim();
        if (v.Length >= 2 && v[0] == '[' && v[^1] == ']')
        {
            v = v[1..^1];
        }

        var items = new List<string>();
        foreach (Range r in v.Split(','))
        {
            ReadOnlySpan<char> item = v[r].Trim().Trim('"').Trim('\'');
            if (!item.IsEmpty)
            {
                items.Add(item.ToString());
            }
        }

        return items;
    }
}
