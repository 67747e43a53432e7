namespace PolicyAssistant;

/// <summary>Section paths for display: the document title is printed once, so a path that starts with it loses it.</summary>
public static class SectionPaths
{
    /// <summary>"Audit Log Retention Standard > Retention periods" under the title "Audit Log Retention Standard" becomes "Retention periods".</summary>
    public static string? WithoutTitle(string? sectionPath, string? title)
    {
        if (string.IsNullOrWhiteSpace(sectionPath) || string.IsNullOrWhiteSpace(title))
        {
            return sectionPath;
        }

        string path = sectionPath.Trim();
        string t = title.Trim();
        if (string.Equals(path, t, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return path.StartsWith(t + " > ", StringComparison.OrdinalIgnoreCase) ? path[(t.Length + 3)..] : path;
    }
}
