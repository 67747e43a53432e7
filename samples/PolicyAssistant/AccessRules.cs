using Compliant.AI;

namespace PolicyAssistant;

/// <summary>
/// Principal names as the sample uses them: <c>*</c>, <c>group:NAME</c>, <c>user:ID</c>. Group names are compared
/// case-insensitively (folded to lower case at ingest and at ask), so <c>--groups Compliance</c> reads a policy for
/// <c>group:compliance</c>; user ids stay exact.
/// </summary>
public static class AccessRules
{
    /// <summary>Parses a <c>--default-acl</c> value: <c>*</c>, <c>group:NAME</c>, <c>user:ID</c> or a bare group name.</summary>
    /// <exception cref="AssistantConfigurationException">The value is not a principal.</exception>
    public static string ParsePrincipal(string value)
    {
        string v = value.Trim();
        if (v == PrincipalNames.Everyone)
        {
            return v;
        }

        int colon = v.IndexOf(':', StringComparison.Ordinal);
        string kind = colon < 0 ? "group" : v[..colon].Trim().ToLowerInvariant();
        string name = colon < 0 ? v : v[(colon + 1)..].Trim();
        if (name.Length == 0 || name.Any(char.IsWhiteSpace) || name.Contains(',', StringComparison.Ordinal) || kind is not ("group" or "user"))
        {
            throw new AssistantConfigurationException($"--default-acl '{v}' is not an access rule. Use '*' (everyone), a group name, group:NAME or user:ID.");
        }

        return Normalize(kind + ":" + name);
    }

    /// <summary>Folds the group part of a principal to lower case; <c>*</c> and user principals are kept.</summary>
    public static string Normalize(string principal) =>
        principal.StartsWith("group:", StringComparison.OrdinalIgnoreCase) ? "group:" + principal[6..].ToLowerInvariant() : principal;

    /// <summary>The caller's groups as given to <c>--groups</c>, folded to lower case.</summary>
    public static string[] NormalizeGroups(IEnumerable<string> groups) =>
        groups.Select(g => g.Trim().ToLowerInvariant()).Where(g => g.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
}
