using System.Globalization;
using Compliant.AI.Text;

namespace Compliant.AI.Grounding.Internal;

/// <summary>
/// Word-level features the support check needs beyond content terms: which terms occur under a negation, the numbers,
/// and the named things (the words a claim's meaning hinges on, which padding with supported words must not dilute).
/// </summary>
/// <remarks>
/// A negation ("not", "never", "no", "cannot", "don't", ...) covers the next three content words of its clause; a clause
/// ends at punctuation or a conjunction. "No more than" and its kin are comparisons, not negations. A negated lead-in that
/// ends with a colon ("Staff must not:") covers the list items that follow it in the same paragraph.
/// </remarks>
internal sealed class ClaimWords
{
    private const int NegationScope = 3;

    private static readonly string[] NumberWords =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ];

    private static readonly string[] Negations = ["not", "no", "never", "cannot", "nor", "without", "none", "neither", "nobody", "nothing", "nowhere"];

    private static readonly string[] Comparatives = ["more", "less", "later", "earlier", "longer", "shorter", "fewer", "sooner", "greater", "older", "only"];

    private static readonly string[] ClauseBreaks = ["and", "but", "which", "that", "who", "when", "unless", "except", "while", "because", "if", "so", "where", "whereas"];

    private static readonly (ulong Word, ulong Digits)[] NumberAliases = BuildAliases();

    private readonly HashSet<ulong> _terms = [];

    private int _scope;

    /// <summary>Gets the terms of numbers, codes, acronyms and capitalized words inside a sentence.</summary>
    public HashSet<ulong> Specifics { get; } = [];

    /// <summary>Gets the numbers in order of appearance, normalized ("six" is "6", "1,000" is "1000").</summary>
    public List<string> Numbers { get; } = [];

    /// <summary>Gets the terms with at least one occurrence under a negation.</summary>
    public HashSet<ulong> Negated { get; } = [];

    /// <summary>Gets the terms with at least one occurrence outside any negation.</summary>
    public HashSet<ulong> Plain { get; } = [];

    /// <summary>Gets or sets a value indicating whether the next word opens a sentence (so its capital is no sign of a name).</summary>
    public bool AtSentenceStart { get; set; } = true;

    /// <summary>Gets a value indicating whether a negation was seen.</summary>
    public bool HasNegation { get; private set; }

    /// <summary>Gets or sets a value indicating whether every word is under a negation (list items under a negated lead-in).</summary>
    public bool NegateAll { get; set; }

    public void Clear()
    {
        Specifics.Clear();
        Numbers.Clear();
        Negated.Clear();
        Plain.Clear();
        AtSentenceStart = true;
        HasNegation = false;
        NegateAll = false;
        _scope = 0;
    }

    /// <summary>Gets or sets how many more content words the open negation covers (0 when none is open).</summary>
    public int OpenScope
    {
        get => _scope;
        set => _scope = value;
    }

    /// <summary>Ends the current clause and sentence (negation scope does not cross it).</summary>
    public void EndSentence()
    {
        _scope = 0;
        AtSentenceStart = true;
    }

    /// <summary>Scans one piece of text.</summary>
    public void Scan(ReadOnlySpan<char> text)
    {
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (c is ',' or ';' or ':' or '.' or '!' or '?' or '(' or ')')
                {
                    _scope = 0;
                }

                i++;
                continue;
            }

            int start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i])
                || (text[i] is '\'' or '\u2019' && i + 1 < text.Length && char.IsLetter(text[i + 1]))
                || (text[i] is '.' or ',' && i > start && char.IsDigit(text[i - 1]) && i + 1 < text.Length && char.IsDigit(text[i + 1]))))
            {
                i++;
            }

            Word(text[start..i], text[i..]);
        }
    }

    private void Word(ReadOnlySpan<char> word, ReadOnlySpan<char> rest)
    {
        bool atStart = AtSentenceStart;
        AtSentenceStart = false;
        if (IsNegation(word) && !IsComparative(rest))
        {
            HasNegation = true;
            _scope = NegationScope;
            return;
        }

        if (IsAny(word, ClauseBreaks))
        {
            _scope = 0;
            return;
        }

        if (char.IsDigit(word[0]))
        {
            Numbers.Add(word.ToString().Replace(",", string.Empty, StringComparison.Ordinal));
        }
        else if (NumberWordValue(word) is { } value)
        {
            Numbers.Add(value);
        }

        HashSet<ulong> terms = _terms;
        terms.Clear();
        TermAnalyzer.AddTerms(word, terms);
        if (terms.Count == 0)
        {
            return;
        }

        bool negated = NegateAll || _scope > 0;
        if (_scope > 0)
        {
            _scope--;
        }

        foreach (ulong term in terms)
        {
            (negated ? Negated : Plain).Add(term);
            if (IsSpecific(word, atStart))
            {
                Specifics.Add(term);
            }
        }
    }

    /// <summary>Returns whether a word negates its clause ("not", "never", "don't", ...).</summary>
    public static bool IsNegation(ReadOnlySpan<char> word) =>
        word.EndsWith("n't", StringComparison.OrdinalIgnoreCase) || word.EndsWith("n\u2019t", StringComparison.OrdinalIgnoreCase) || IsAny(word, Negations);

    /// <summary>Returns whether a multiset of numbers is contained in another.</summary>
    public static bool Contains(List<string> haystack, List<string> needles)
    {
        if (needles.Count == 0)
        {
            return true;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string n in haystack)
        {
            counts[n] = counts.GetValueOrDefault(n) + 1;
        }

        foreach (string n in needles)
        {
            int left = counts.GetValueOrDefault(n);
            if (left == 0)
            {
                return false;
            }

            counts[n] = left - 1;
        }

        return true;
    }

    /// <summary>Adds the digit form of every number word in <paramref name="terms"/> and the reverse, so "six" supports "6".</summary>
    public static void AddNumberAliases(HashSet<ulong> terms)
    {
        foreach ((ulong word, ulong digits) in NumberAliases)
        {
            if (terms.Contains(word))
            {
                terms.Add(digits);
            }
            else if (terms.Contains(digits))
            {
                terms.Add(word);
            }
        }
    }

    private static (ulong, ulong)[] BuildAliases()
    {
        var aliases = new List<(ulong, ulong)>();
        for (int n = 0; n < NumberWords.Length; n++)
        {
            HashSet<ulong> w = TermAnalyzer.Terms(NumberWords[n]);
            HashSet<ulong> d = TermAnalyzer.Terms(n.ToString(CultureInfo.InvariantCulture));
            if (w.Count == 1 && d.Count == 1)
            {
                aliases.Add((w.First(), d.First()));
            }
        }

        return [.. aliases];
    }

    private static bool IsComparative(ReadOnlySpan<char> rest)
    {
        rest = rest.TrimStart();
        int end = 0;
        while (end < rest.Length && char.IsLetter(rest[end]))
        {
            end++;
        }

        return end > 0 && IsAny(rest[..end], Comparatives);
    }

    private static string? NumberWordValue(ReadOnlySpan<char> word)
    {
        for (int n = 0; n < NumberWords.Length; n++)
        {
            if (word.Equals(NumberWords[n], StringComparison.OrdinalIgnoreCase))
            {
                return n.ToString(CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static bool IsAny(ReadOnlySpan<char> word, string[] words)
    {
        foreach (string candidate in words)
        {
            if (word.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A number or code (any digit), an acronym (two or more capitals), a mixed-case word, or a capitalized word inside a sentence.</summary>
    private static bool IsSpecific(ReadOnlySpan<char> word, bool atSentenceStart)
    {
        int upper = 0;
        foreach (char c in word)
        {
            if (char.IsDigit(c))
            {
                return true;
            }

            upper += char.IsUpper(c) ? 1 : 0;
        }

        return upper >= 2 || (upper == 1 && (!char.IsUpper(word[0]) || !atSentenceStart));
    }
}
