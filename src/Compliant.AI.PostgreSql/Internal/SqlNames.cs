using System.Text.RegularExpressions;

namespace Compliant.AI.PostgreSql.Internal;

/// <summary>The schema name, checked once so it can be spliced into SQL (identifiers cannot be parameters).</summary>
internal static partial class SqlNames
{
    public static string Schema(string schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        if (!IdentifierPattern().IsMatch(schema))
        {
            throw new ArgumentException("The schema name must be a lower-case PostgreSQL identifier ([a-z_][a-z0-9_]{0,62}).", nameof(schema));
        }

        return schema;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
