using System.Globalization;
using System.Text;

namespace Compliant.AI.Tests.Pii;

/// <summary>
/// Ways to disguise an identifier with Unicode, built from the runtime's own Unicode tables so that every character of
/// a category (every script's digits, every format character, ...) is a candidate, not a hand-picked few.
/// </summary>
internal static class UnicodeHiding
{
    /// <summary>The identifiers under attack: a context prefix, the value and the type it must be detected as.</summary>
    public static readonly (string Prefix, string Value, string Type)[] Identifiers =
    [
        ("SSN ", "536-22-1847", "US_SSN"),
        ("call ", "212-555-0187", "PHONE_NUMBER"),
        ("card ", "4111 1111 1111 1111", "CREDIT_CARD"),
        ("mail ", "maria.okafor@example.com", "EMAIL_ADDRESS"),
        ("IBAN ", "DE89 3704 0044 0532 0130 00", "IBAN_CODE"),
    ];

    private static readonly Lazy<Pools> AllPools = new(BuildPools);

    /// <summary>Gets, per general category, the code points of that category that can hide inside an identifier.</summary>
    public static Pools Pool => AllPools.Value;

    /// <summary>The Cyrillic and Greek look-alikes of Latin letters.</summary>
    public static readonly Dictionary<char, string> Homoglyphs = new()
    {
        ['a'] = "\u0430\u03B1", ['e'] = "\u0435", ['o'] = "\u043E\u03BF", ['p'] = "\u0440\u03C1", ['c'] = "\u0441", ['x'] = "\u0445\u03C7",
        ['i'] = "\u0456\u03B9", ['k'] = "\u03BA", ['A'] = "\u0410\u0391", ['B'] = "\u0412\u0392", ['E'] = "\u0415\u0395", ['K'] = "\u041A\u039A",
        ['M'] = "\u041C\u039C", ['H'] = "\u041D\u0397", ['O'] = "\u041E\u039F", ['P'] = "\u0420\u03A1", ['C'] = "\u0421", ['T'] = "\u0422\u03A4",
        ['X'] = "\u0425\u03A7", ['l'] = "\u04CF", ['s'] = "\u0455", ['j'] = "\u0458", ['y'] = "\u0443\u03B3", ['v'] = "\u03BD",
    };

    /// <summary>Replaces every ASCII digit by the digit of the same value in the script whose zero is <paramref name="zero"/>.</summary>
    public static string WithDigits(string value, Rune zero)
    {
        var sb = new StringBuilder();
        foreach (char c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                sb.Append(new Rune(zero.Value + (c - '0')).ToString());
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Replaces every printable ASCII character by its full-width form.</summary>
    public static string FullWidth(string value) =>
        string.Concat(value.Select(c => c is > ' ' and <= '~' ? (char)(c + 0xFEE0) : c));

    /// <summary>Replaces every Latin letter that has one by a Cyrillic or Greek look-alike.</summary>
    public static string WithHomoglyphs(string value, int choice) =>
        string.Concat(value.Select(c => Homoglyphs.TryGetValue(c, out string? alt) ? alt[choice % alt.Length] : c));

    /// <summary>Inserts <paramref name="insert"/> between every two characters of <paramref name="value"/> (and, when asked, before and after it).</summary>
    public static string Interleave(string value, string insert, bool outside = false, Func<char, char, bool>? where = null)
    {
        var sb = new StringBuilder();
        if (outside)
        {
            sb.Append(insert);
        }

        for (int i = 0; i < value.Length; i++)
        {
            sb.Append(value[i]);
            if (i + 1 < value.Length && !char.IsHighSurrogate(value[i]) && (where is null || where(value[i], value[i + 1])))
            {
                sb.Append(insert);
            }
        }

        if (outside)
        {
            sb.Append(insert);
        }

        return sb.ToString();
    }

    private static Pools BuildPools()
    {
        var format = new List<Rune>();
        var nonSpacing = new List<Rune>();
        var enclosing = new List<Rune>();
        var control = new List<Rune>();
        var privateUse = new List<Rune>();
        var unassigned = new List<Rune>();
        var zeros = new List<Rune>();
        for (int v = 0x80; v <= 0x10FFFF; v++)
        {
            if (v is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            var rune = new Rune(v);
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Format: format.Add(rune); break;
                case UnicodeCategory.NonSpacingMark: nonSpacing.Add(rune); break;
                case UnicodeCategory.EnclosingMark: enclosing.Add(rune); break;
                case UnicodeCategory.Control when v != 0x85: control.Add(rune); break;
                case UnicodeCategory.PrivateUse when v < 0xF0000 || v % 4099 == 0: privateUse.Add(rune); break;
                case UnicodeCategory.OtherNotAssigned when v < 0x20000 || v % 4099 == 0: unassigned.Add(rune); break;
                case UnicodeCategory.DecimalDigitNumber when Rune.GetNumericValue(rune) == 0: zeros.Add(rune); break;
                default: break;
            }
        }

        for (int v = 0; v < 0x20; v++)
        {
            if (!char.IsWhiteSpace((char)v))
            {
                control.Add(new Rune(v));
            }
        }

        control.Add(new Rune(0x7F));
        return new Pools(format, nonSpacing, enclosing, control, privateUse, unassigned, zeros);
    }

    /// <summary>Code points by general category.</summary>
    internal sealed record Pools(
        IReadOnlyList<Rune> Format,
        IReadOnlyList<Rune> NonSpacingMarks,
        IReadOnlyList<Rune> EnclosingMarks,
        IReadOnlyList<Rune> Controls,
        IReadOnlyList<Rune> PrivateUse,
        IReadOnlyList<Rune> Unassigned,
        IReadOnlyList<Rune> DigitZeros)
    {
        /// <summary>Thin and hair spaces (<c>Zs</c>) that are dropped between two digits.</summary>
        public IReadOnlyList<Rune> NarrowSpaces { get; } = [new(0x2006), new(0x2008), new(0x2009), new(0x200A), new(0x202F), new(0x205F)];

        /// <summary>Lone low surrogates (<c>Cs</c>).</summary>
        public IReadOnlyList<char> LoneSurrogates { get; } = ['\uDC00', '\uDD55', '\uDFFF'];
    }
}
