using Compliant.AI.Text;

namespace Compliant.AI.Grounding.Internal;

/// <summary>The evidence one passage offers: its content terms, their polarity, and its sentences' terms and numbers.</summary>
internal sealed class EvidenceTerms
{
    private EvidenceTerms(HashSet<ulong> terms, HashSet<ulong> negated, HashSet<ulong> plain, List<EvidenceSentence> sentences)
    {
        Terms = terms;
        Negated = negated;
        Plain = plain;
        Sentences = sentences;
    }

    /// <summary>Gets the content terms of the passage, its title and section path, with number words and digits aliased.</summary>
    public HashSet<ulong> Terms { get; }

    /// <summary>Gets the terms with at least one occurrence under a negation.</summary>
    public HashSet<ulong> Negated { get; }

    /// <summary>Gets the terms with at least one occurrence outside any negation (the title and section path included).</summary>
    public HashSet<ulong> Plain { get; }

    /// <summary>Gets the passage's sentences that count as evidence.</summary>
    public List<EvidenceSentence> Sentences { get; }

    /// <summary>
    /// Builds the evidence of <paramref name="text"/>, leaving out instruction-like sentences and the sentence after each.
    /// </summary>
    public static EvidenceTerms Build(string text, string? title = null, string? sectionPath = null)
    {
        var terms = new HashSet<ulong>();
        var negated = new HashSet<ulong>();
        var plain = new HashSet<ulong>();
        var sentences = new List<EvidenceSentence>();
        var words = new ClaimWords();
        bool skipNext = false;
        int negatedListParagraph = -1;
        int openScope = 0, openParagraph = -1;
        foreach (TextSegment segment in TextSegmenter.Split(text))
        {
            ReadOnlySpan<char> sentence = text.AsSpan(segment.Start, segment.End - segment.Start);
            if (InstructionDetector.LooksLikeInstruction(sentence))
            {
                skipNext = true;
                continue;
            }

            if (skipNext)
            {
                skipNext = false;
                continue;
            }

            // A hard-wrapped line ("... DO NOT turn" / "off your computer.") is one sentence: a negation left open at the end
            // of a line that ends without punctuation covers the words that continue it on the next line of its paragraph.
            int carried = segment.Paragraph == openParagraph && StartsLowerCase(sentence) ? openScope : 0;
            words.Clear();
            words.NegateAll = segment.Paragraph == negatedListParagraph;
            words.OpenScope = carried;
            words.Scan(sentence);
            openScope = sentence.Length > 0 && char.IsLetterOrDigit(sentence[^1]) ? words.OpenScope : 0;
            openParagraph = segment.IsHeading ? -1 : segment.Paragraph;
            if (words.HasNegation && sentence.TrimEnd().EndsWith(':'))
            {
                negatedListParagraph = segment.Paragraph;
            }
            else if (segment.Paragraph != negatedListParagraph)
            {
                negatedListParagraph = -1;
            }

            HashSet<ulong> sentenceTerms = TermAnalyzer.Terms(sentence);
            ClaimWords.AddNumberAliases(sentenceTerms);
            terms.UnionWith(sentenceTerms);
            negated.UnionWith(words.Negated);
            plain.UnionWith(words.Plain);
            sentences.Add(new EvidenceSentence(sentenceTerms, [.. words.Numbers]));
        }

        foreach (string? extra in (ReadOnlySpan<string?>)[title, sectionPath])
        {
            if (extra is not null)
            {
                TermAnalyzer.AddTerms(extra, terms);
                TermAnalyzer.AddTerms(extra, plain);
            }
        }

        ClaimWords.AddNumberAliases(terms);
        return new EvidenceTerms(terms, negated, plain, sentences);
    }

    /// <summary>Returns whether a line continues a sentence: its first letter is lower case ("off your computer.").</summary>
    private static bool StartsLowerCase(ReadOnlySpan<char> line)
    {
        int first = line.IndexOfAnyExcept(" \t*_");
        return first >= 0 && char.IsLower(line[first]);
    }
}
