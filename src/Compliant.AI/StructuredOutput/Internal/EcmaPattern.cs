using System.Text;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Moves ECMA-262 regular-expression syntax (what JSON Schema's <c>pattern</c> and <c>patternProperties</c> use) toward .NET's.</summary>
internal static class EcmaPattern
{
    private static readonly (string Long, string Short)[] UnicodeCategories =
    [
        ("Letter", "L"), ("Lowercase_Letter", "Ll"), ("Uppercase_Letter", "Lu"), ("Titlecase_Letter", "Lt"), ("Modifier_Letter", "Lm"),
        ("Other_Letter", "Lo"), ("Mark", "M"), ("Number", "N"), ("Decimal_Number", "Nd"), ("digit", "Nd"), ("Letter_Number", "Nl"),
        ("Other_Number", "No"), ("Punctuation", "P"), ("Symbol", "S"), ("Separator", "Z"), ("Space_Separator", "Zs"), ("Other", "C"),
        ("Control", "Cc"),
    ];

    /// <summary>Translates <paramref name="pattern"/>: <c>\d</c> is ASCII-only in ECMA-262, and <c>\p{Letter}</c>-style long names map to .NET's short ones.</summary>
    public static string ToDotNet(string pattern)
    {
        if (!pattern.Contains('\\', StringComparison.Ordinal))
        {
            return pattern;
        }

        var sb = new StringBuilder(pattern.Length + 8);
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                char next = pattern[i + 1];
                if (next == 'd')
                {
                    sb.Append(inClass ? "0-9" : "[0-9]");
                }
                else if (next == 'D' && !inClass)
                {
                    sb.Append("[^0-9]");
                }
                else if ((next == 'p' || next == 'P') && i + 2 < pattern.Length && pattern[i + 2] == '{')
                {
                    int close = pattern.IndexOf('}', i + 3);
                    string name = close < 0 ? string.Empty : pattern[(i + 3)..close];
                    string mapped = System.Array.Find(UnicodeCategories, c => c.Long.Equals(name, StringComparison.OrdinalIgnoreCase)).Short ?? name;
                    if (close < 0)
                    {
                        sb.Append(c).Append(next);
                    }
                    else
                    {
                        sb.Append(c).Append(next).Append('{').Append(mapped).Append('}');
                        i = close;
                        continue;
                    }
                }
                else
                {
                    sb.Append(c).Append(next);
                }

                i++;
                continue;
            }

            if (c == '[' && !inClass)
            {
                inClass = true;
            }
            else if (c == ']' && inClass)
            {
                inClass = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
