using Compliant.AI.Grounding.Internal;

namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>Scores the sentences of the sources against a question (BM25 over sentences) and picks the best supporting ones.</summary>
internal static class SentenceSelector
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    public static IReadOnlyList<Candidate> Select(string question, IReadOnlyList<ParsedSource> sources, ExtractiveChatClientOptions options)
    {
        HashSet<ulong> query = TermAnalyzer.Terms(question);
        HashSet<ulong> topical = TermAnalyzer.Terms(WithoutQuestionForms(question));
        if (topical.Count == 0)
        {
            return [];
        }

        List<Candidate> candidates = Candidates(sources);
        if (candidates.Count == 0)
        {
            return [];
        }

        var df = new Dictionary<ulong, int>();
        double totalLength = 0;
        foreach (Candidate candidate in candidates)
        {
            totalLength += candidate.Length;
            foreach (ulong term in candidate.Frequencies.Keys)
            {
                df[term] = df.GetValueOrDefault(term) + 1;
            }
        }

        double averageLength = Math.Max(1, totalLength / candidates.Count);
        var idf = new Dictionary<ulong, double>(query.Count);
        double queryWeight = 0;
        foreach (ulong term in query)
        {
            if (!topical.Contains(term))
            {
                // "long" in "how long": it helps rank "at least 14 characters long" but is not a topic to cover.
                idf[term] = Math.Log(1 + ((candidates.Count - Math.Max(1, df.GetValueOrDefault(term)) + 0.5) / (Math.Max(1, df.GetValueOrDefault(term)) + 0.5)));
                continue;
            }

            // A term no sentence has weighs as much as the rarest present term: with few sentences, an absent
            // term's raw IDF would otherwise drown out everything the sources do answer.
            int n = Math.Max(1, df.GetValueOrDefault(term));
            double weight = Math.Log(1 + ((candidates.Count - n + 0.5) / (n + 0.5)));
            idf[term] = weight;
            queryWeight += weight;
        }

        QuestionCue cue = QuestionCues.Of(question);
        foreach (Candidate candidate in candidates)
        {
            double score = 0;
            foreach (ulong term in query)
            {
                if (candidate.Frequencies.TryGetValue(term, out int tf))
                {
                    score += idf[term] * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * candidate.Length / averageLength))));
                }
            }

            // A sentence that has the kind of value the question asks for (a duration for "how long", a number for
            // "how many", a role for "who") is preferred over a neighbour that only repeats the question's words.
            candidate.Score = score > 0 && QuestionCues.Matches(cue, candidate.Text) ? score * QuestionCues.Boost : score;
        }

        List<Candidate> ranked = candidates
            .Where(c => c.Score > 0)
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.SourceOrder)
            .ThenBy(c => c.Position)
            .ToList();
        if (ranked.Count == 0)
        {
            return [];
        }

        var chosen = new List<Candidate> { ranked[0] };
        var covered = new HashSet<ulong>(topical.Where(ranked[0].Frequencies.ContainsKey));
        for (int i = 1; i < ranked.Count && chosen.Count < options.MaxSentences; i++)
        {
            Candidate next = ranked[i];
            if (next.Score < ranked[0].Score * 0.3)
            {
                break;
            }

            // A further sentence must answer a part of the question the chosen ones do not, or be nearly as good; one
            // from another document must add support and be at least half as good.
            bool addsTerms = topical.Any(t => !covered.Contains(t) && next.Frequencies.ContainsKey(t));
            bool sameDocument = chosen.Any(c => c.SourceOrder == next.SourceOrder || (c.Document is not null && c.Document == next.Document));
            if (sameDocument ? addsTerms || next.Score >= ranked[0].Score * 0.9 : addsTerms && next.Score >= ranked[0].Score * 0.5)
            {
                chosen.Add(next);
                covered.UnionWith(topical.Where(next.Frequencies.ContainsKey));
            }
        }

        double support = queryWeight <= 0 ? 0 : covered.Sum(t => idf[t]) / queryWeight;
        return support >= options.MinimumSupport ? chosen : [];
    }

    /// <summary>
    /// Drops what shapes the question but is no topic to cover: the measure word of "how long/often/many/much/soon"
    /// (it asks for a value), question and pronoun words ("what", "do", "we", "can"), and redaction placeholders.
    /// </summary>
    internal static string WithoutQuestionForms(string question)
    {
        string[] words = question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>(words.Length);
        for (int i = 0; i < words.Length; i++)
        {
            string word = words[i].Trim('?', ',', '.', '!', ';', ':', '"', '(', ')').ToLowerInvariant();
            if (word == "how" && i + 1 < words.Length &&
                QuestionMeasures.Contains(words[i + 1].TrimEnd('?', ',', '.').ToLowerInvariant()))
            {
                i++;
                continue;
            }

            if (QuestionWords.Contains(word) || (word.StartsWith('<') && word.EndsWith('>')))
            {
                continue;
            }

            kept.Add(words[i]);
        }

        return string.Join(' ', kept);
    }

    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        "how", "what", "what's", "whats", "when", "where", "who", "whom", "whose", "which", "why", "whether",
        "do", "does", "did", "can", "could", "should", "would", "may", "might", "must", "shall",
        "i", "i'm", "im", "me", "my", "we", "our", "us", "you", "your", "he", "she", "him", "her", "his", "they", "them",
        "is", "are", "am", "have", "has", "had", "get", "got", "need", "want", "know", "tell", "please", "anyone", "someone",
    };

    private static readonly HashSet<string> QuestionMeasures = new(StringComparer.Ordinal) { "long", "often", "many", "much", "soon", "far", "old", "frequently", "quickly" };

    private static List<Candidate> Candidates(IReadOnlyList<ParsedSource> sources)
    {
        var candidates = new List<Candidate>();
        for (int s = 0; s < sources.Count; s++)
        {
            string text = QuotableText.Clean(sources[s].Text);
            bool skipNext = false;
            int position = 0;
            string? previous = null;
            int previousParagraph = -1;
            foreach (TextSegment segment in TextSegmenter.Split(text))
            {
                string sentence = text[segment.Start..segment.End];
                if (InstructionDetector.LooksLikeInstruction(sentence))
                {
                    skipNext = true;
                    previous = null;
                    continue;
                }

                if (skipNext)
                {
                    skipNext = false;
                    previous = null;
                    continue;
                }

                if (segment.IsHeading)
                {
                    previous = null;
                    continue;
                }

                // A question in the page ("How long were the secrets available?") is never the answer.
                if (sentence.TrimEnd('"', '\'', ')', '*', '_').EndsWith('?'))
                {
                    previous = null;
                    continue;
                }

                var frequencies = new Dictionary<ulong, int>();
                int length = 0;
                TermAnalyzer.ForEachTerm(sentence, ref frequencies, static (ref Dictionary<ulong, int> f, ulong term) => f[term] = f.GetValueOrDefault(term) + 1);
                foreach (int count in frequencies.Values)
                {
                    length += count;
                }

                if (length == 0)
                {
                    continue;
                }

                // A sentence that leans on the one before ("It must be longer than 14 characters") keeps it as context.
                string? context = previous is not null && previousParagraph == segment.Paragraph && LeansOnPrevious(sentence) ? previous : null;
                candidates.Add(new Candidate(sources[s].Id, sentence, s, position++, frequencies, length) { Document = sources[s].Title, Context = context });
                previous = sentence;
                previousParagraph = segment.Paragraph;
            }
        }

        return candidates;
    }

    private static bool LeansOnPrevious(string sentence)
    {
        int space = sentence.IndexOf(' ', StringComparison.Ordinal);
        string first = (space < 0 ? sentence : sentence[..space]).ToLowerInvariant();
        return first is "it" or "this" or "these" or "they" or "that" or "those" or "such" or "there" or "then";
    }

    /// <summary>A sentence of a source.</summary>
    internal sealed class Candidate(string sourceId, string text, int sourceOrder, int position, Dictionary<ulong, int> frequencies, int length)
    {
        public string SourceId { get; } = sourceId;

        public string Text { get; } = text;

        public int SourceOrder { get; } = sourceOrder;

        public int Position { get; } = position;

        public Dictionary<ulong, int> Frequencies { get; } = frequencies;

        public int Length { get; } = length;

        public double Score { get; set; }

        public string? Document { get; init; }

        public string? Context { get; init; }
    }
}
