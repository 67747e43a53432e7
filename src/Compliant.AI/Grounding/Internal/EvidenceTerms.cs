namespace Compliant.AI.Grounding.Internal;

/// <summary>Builds the set of terms a passage offers as evidence.</summary>
internal static class EvidenceTerms
{
    /// <summary>Returns the content terms of <paramref name="text"/>, leaving out instruction-like sentences and the sentence after each.</summary>
    public static HashSet<ulong> Build(string text)
    {
        var terms = new HashSet<ulong>();
        if (!InstructionDetector.LooksLikeInstruction(text))
        {
            TermAnalyzer.AddTerms(text, terms);
            return terms;
        }

        bool skipNext = false;
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

            TermAnalyzer.AddTerms(sentence, terms);
        }

        return terms;
    }
}
