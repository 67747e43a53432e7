using Compliant.AI.Text;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Names listed together ("our 3 founders: Gerste, Johnson and Johnson", "Marrero and Murphy were"): when one member
/// of a list of capitalized runs is a person, the other members are people too (score 0.6, "listed_with_name").
/// </summary>
internal static class NameLists
{
    /// <summary>A run of name-like tokens and the index of its result in the results list (-1 when it gave none).</summary>
    internal readonly record struct Run(int First, int Last, int Result);

    /// <summary>Adds the other members of every list of <paramref name="runs"/> that holds a person to <paramref name="results"/>.</summary>
    public static void AddListed(string text, List<WordToken> tokens, List<Run> runs, List<PiiEntity> results, string recognizer)
    {
        int r = 0;
        while (r < runs.Count)
        {
            int s = r;
            while (r + 1 < runs.Count && runs[r + 1].First - runs[r].Last <= 2 && IsSeparator(text, tokens[runs[r].Last].End, tokens[runs[r + 1].First].Start))
            {
                r++;
            }

            if (r > s)
            {
                bool anyPerson = false;
                for (int k = s; k <= r; k++)
                {
                    anyPerson |= runs[k].Result >= 0 && results[runs[k].Result].Score >= 0.5;
                }

                for (int k = s; k <= r && anyPerson; k++)
                {
                    (int first, int last, int result) = runs[k];
                    if ((result >= 0 && results[result].Score >= 0.5) || last - first > 2)
                    {
                        continue;
                    }

                    WordToken head = tokens[first], tail = tokens[last];
                    string phrase = text[head.Start..(tail.Start + tail.Word(text).Length)];
                    if (head.AllCaps || NameTokens.IsPlain(text, head) || NameTokens.IsPlain(text, tail) || Gazetteer.IsPlace(phrase) || NameStructure.IsNonPersonSuffix(tail.Word(text)))
                    {
                        continue;
                    }

                    results.Add(Candidate.Create(PiiEntityTypes.Person, head.Start, tail.Start + tail.Word(text).Length, 0.6, recognizer, "listed_with_name"));
                }
            }

            r++;
        }
    }

    /// <summary>", ", " and ", ", and ", " &amp; ", " or " between two names.</summary>
    public static bool IsSeparator(string text, int from, int to)
    {
        ReadOnlySpan<char> gap = text.AsSpan(from, to - from);
        return gap is ", " or " and " or ", and " or " & " or " or " or ", or ";
    }
}
