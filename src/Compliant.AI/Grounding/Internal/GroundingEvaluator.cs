using Compliant.AI.Text;

namespace Compliant.AI.Grounding.Internal;

/// <summary>Checks an answer's citations against the sources injected for this caller in this request.</summary>
internal static class GroundingEvaluator
{
    /// <summary>Words that attribute a claim to the sources ("as the policy states") rather than state a fact; never required as support.</summary>
    private static readonly HashSet<ulong> AttributionTerms = TermAnalyzer.Terms(
        "policy policies source sources document documents section sections states stated says said notes noted mentions mentioned explains according cited");

    public static GroundingCheck Evaluate(string answer, IReadOnlyList<GroundingSource> sources, GroundingOptions options)
    {
        var check = new GroundingCheck();
        List<CitationMarker> markers = CitationMarkers.Find(answer);
        List<Sentence> sentences = BuildSentences(answer, markers);

        var paragraphSources = new Dictionary<int, List<int>>();
        foreach (Sentence sentence in sentences)
        {
            foreach (int number in sentence.Numbers)
            {
                if (number < 1 || number > sources.Count)
                {
                    string id = "S" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (!check.UnknownSourceIds.Contains(id))
                    {
                        check.UnknownSourceIds.Add(id);
                    }

                    continue;
                }

                int index = number - 1;
                if (!sentence.Valid.Contains(index))
                {
                    sentence.Valid.Add(index);
                }

                check.CitationSpans.Add((sentence.Start, sentence.End, index));
                if (!check.CitedSources.Contains(index))
                {
                    check.CitedSources.Add(index);
                }

                if (!paragraphSources.TryGetValue(sentence.Paragraph, out List<int>? list))
                {
                    paragraphSources[sentence.Paragraph] = list = [];
                }

                if (!list.Contains(index))
                {
                    list.Add(index);
                }
            }
        }

        if (check.CitedSources.Count == 0 && check.UnknownSourceIds.Count == 0 && IsDeclined(answer, markers, options.CannotAnswerText))
        {
            check.Declined = true;
            check.Reason = GroundingReasons.ModelDeclined;
            return check;
        }

        var terms = new HashSet<ulong>();
        var words = new ClaimWords();
        var paragraphsMissing = new HashSet<int>();
        int[] allSources = Enumerable.Range(0, sources.Count).ToArray();
        bool echo = false;
        foreach (Sentence sentence in sentences)
        {
            terms.Clear();
            words.Clear();
            sentence.AddTerms(answer, markers, terms);
            terms.ExceptWith(AttributionTerms);
            sentence.Scan(answer, markers, words);
            bool isClaim = !sentence.IsHeading && terms.Count >= options.MinimumClaimTerms;

            if (InstructionDetector.LooksLikeInstruction(sentence.ContentSpan(answer)))
            {
                echo = true;
                check.UnsupportedClaims.Add(Claim(sentence, sentence.Valid, sources, 0, GroundingReasons.InstructionEcho));
                continue;
            }

            IReadOnlyList<int>? against = sentence.Valid.Count > 0 ? sentence.Valid : null;
            SupportLevel level = SupportLevel.Full;
            if (against is null)
            {
                paragraphSources.TryGetValue(sentence.Paragraph, out List<int>? inherited);
                if (isClaim && options.CitationMode == GroundingCitationMode.PerSentence)
                {
                    check.MissingCitations++;
                    continue;
                }

                if (isClaim && options.CitationMode == GroundingCitationMode.PerParagraph && inherited is null)
                {
                    paragraphsMissing.Add(sentence.Paragraph);
                    continue;
                }

                // Text that needs no citation of its own (a short connective sentence, a heading, an uncited sentence in
                // PerAnswer mode) is checked against its paragraph's sources, or all injected sources: it may not bring
                // numbers or names they lack; a heading long enough to be a claim must also clear the support ratio.
                against = inherited ?? (IReadOnlyList<int>)allSources;
                level = isClaim ? SupportLevel.Full
                    : sentence.IsHeading && terms.Count >= options.MinimumClaimTerms ? SupportLevel.Ratio
                    : SupportLevel.SpecificsOnly;
                if (level == SupportLevel.SpecificsOnly && words.Specifics.Count == 0)
                {
                    continue;
                }
            }

            double support = Support(terms, words, against, sources, options, level, out bool supported);
            if (!supported)
            {
                check.UnsupportedClaims.Add(Claim(sentence, ReferenceEquals(against, allSources) ? [] : against, sources, support, GroundingReasons.UnsupportedClaim));
            }
        }

        check.MissingCitations += paragraphsMissing.Count;
        if (check.CitedSources.Count == 0 && check.MissingCitations == 0)
        {
            check.MissingCitations = 1;
        }

        check.Reason =
            check.UnknownSourceIds.Count > 0 ? GroundingReasons.UnknownCitation
            : echo ? GroundingReasons.InstructionEcho
            : check.MissingCitations > 0 ? GroundingReasons.MissingCitation
            : check.UnsupportedClaims.Count > 0 ? GroundingReasons.UnsupportedClaim
            : null;
        return check;
    }

    /// <summary>
    /// Returns whether <paramref name="answer"/> is the model saying it cannot answer from the sources: the configured
    /// text and nothing else, ignoring case, whitespace, invisible format characters, citation markers and the punctuation
    /// or quotes around it. Text around the phrase makes the answer an ordinary (uncited) answer, never a refusal.
    /// </summary>
    internal static bool IsDeclined(string answer, List<CitationMarker> markers, string cannotAnswerText)
    {
        string phrase = NormalizeRefusal(cannotAnswerText, []);
        return phrase.Length > 0 && string.Equals(NormalizeRefusal(answer, markers), phrase, StringComparison.Ordinal);
    }

    /// <summary>Returns whether <paramref name="answer"/> is exactly the cannot-answer text (see the other overload).</summary>
    internal static bool IsDeclined(string answer, string cannotAnswerText) => IsDeclined(answer, CitationMarkers.Find(answer), cannotAnswerText);

    private static string NormalizeRefusal(string text, List<CitationMarker> markers)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        int m = 0;
        bool pendingSpace = false;
        for (int i = 0; i < text.Length; i++)
        {
            if (m < markers.Count && i == markers[m].Start)
            {
                i = markers[m++].End - 1;
                pendingSpace = true;
                continue;
            }

            char c = text[i];
            System.Globalization.UnicodeCategory category = char.GetUnicodeCategory(c);
            if (category == System.Globalization.UnicodeCategory.Format)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace && sb.Length > 0)
            {
                sb.Append(' ');
            }

            pendingSpace = false;
            sb.Append(char.ToLowerInvariant(c));
        }

        // Punctuation, quotes and emphasis around the phrase do not change it: "**I cannot answer that.**" is a refusal.
        int start = 0, end = sb.Length;
        while (start < end && !char.IsLetterOrDigit(sb[start]))
        {
            start++;
        }

        while (end > start && !char.IsLetterOrDigit(sb[end - 1]))
        {
            end--;
        }

        return sb.ToString(start, end - start);
    }

    /// <summary>
    /// Checks a sentence against the passages it cites: every number and named thing must appear in them (the numbers in
    /// the passage sentences that match the claim best), at most <see cref="GroundingOptions.MaxUnsupportedTerms"/>
    /// content terms may be missing and at least <see cref="GroundingOptions.SupportThreshold"/> of them present, and
    /// what the claim negates the passages must negate, and the reverse. Padding with supported words dilutes none of it.
    /// </summary>
    private static double Support(
        HashSet<ulong> claimTerms,
        ClaimWords words,
        IReadOnlyList<int> cited,
        IReadOnlyList<GroundingSource> sources,
        GroundingOptions options,
        SupportLevel level,
        out bool supported)
    {
        double support = Ratio(claimTerms, cited, sources, out int missing);
        supported = words.Specifics.All(term => InAny(term, cited, sources))
            && (level == SupportLevel.SpecificsOnly
                || (support >= options.SupportThreshold
                    && (level == SupportLevel.Ratio
                        || (missing <= options.MaxUnsupportedTerms && PolarityAgrees(claimTerms, words, cited, sources) && NumbersAgree(claimTerms, words, cited, sources)))));
        return support;
    }

    /// <summary>A term the claim negates must be negated somewhere in the cited passages; a term it asserts must occur there un-negated.</summary>
    private static bool PolarityAgrees(HashSet<ulong> claimTerms, ClaimWords words, IReadOnlyList<int> cited, IReadOnlyList<GroundingSource> sources)
    {
        foreach (ulong term in claimTerms)
        {
            bool inPassages = false, negatedThere = false, plainThere = false;
            foreach (int index in cited)
            {
                EvidenceTerms evidence = sources[index].Evidence;
                inPassages |= evidence.Terms.Contains(term);
                negatedThere |= evidence.Negated.Contains(term);
                plainThere |= evidence.Plain.Contains(term);
            }

            if (!inPassages)
            {
                continue;
            }

            if (words.Negated.Contains(term) ? !negatedThere : words.Plain.Contains(term) && !plainThere && negatedThere)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The claim's numbers (as a multiset) must occur in the cited passage sentences that share the most terms with it.</summary>
    private static bool NumbersAgree(HashSet<ulong> claimTerms, ClaimWords words, IReadOnlyList<int> cited, IReadOnlyList<GroundingSource> sources)
    {
        if (words.Numbers.Count == 0)
        {
            return true;
        }

        int best = 0;
        foreach (int index in cited)
        {
            foreach (EvidenceSentence sentence in sources[index].Evidence.Sentences)
            {
                best = Math.Max(best, Overlap(claimTerms, sentence.Terms));
            }
        }

        int floor = Math.Max(1, (best + 1) / 2);
        var numbers = new List<string>();
        foreach (int index in cited)
        {
            foreach (EvidenceSentence sentence in sources[index].Evidence.Sentences)
            {
                if (Overlap(claimTerms, sentence.Terms) >= floor)
                {
                    numbers.AddRange(sentence.Numbers);
                }
            }
        }

        return ClaimWords.Contains(numbers, words.Numbers);
    }

    private static int Overlap(HashSet<ulong> claimTerms, HashSet<ulong> sentenceTerms)
    {
        int overlap = 0;
        foreach (ulong term in claimTerms)
        {
            overlap += sentenceTerms.Contains(term) ? 1 : 0;
        }

        return overlap;
    }

    private static double Ratio(HashSet<ulong> claimTerms, IReadOnlyList<int> cited, IReadOnlyList<GroundingSource> sources, out int missing)
    {
        missing = 0;
        foreach (ulong term in claimTerms)
        {
            missing += InAny(term, cited, sources) ? 0 : 1;
        }

        return claimTerms.Count == 0 ? 1 : (double)(claimTerms.Count - missing) / claimTerms.Count;
    }

    private static bool InAny(ulong term, IReadOnlyList<int> cited, IReadOnlyList<GroundingSource> sources)
    {
        foreach (int index in cited)
        {
            if (sources[index].Evidence.Terms.Contains(term))
            {
                return true;
            }
        }

        return false;
    }

    private static GroundingClaim Claim(Sentence sentence, IReadOnlyList<int> cited, IReadOnlyList<GroundingSource> sources, double support, string reason) => new()
    {
        Start = sentence.ContentStart,
        End = sentence.End,
        SourceIds = cited.Select(i => sources[i].Id).ToArray(),
        Support = Math.Round(support, 3),
        Reason = reason,
    };

    private static List<Sentence> BuildSentences(string answer, List<CitationMarker> markers)
    {
        var sentences = new List<Sentence>();
        int m = 0;
        foreach (TextSegment segment in TextSegmenter.Split(answer))
        {
            while (m < markers.Count && markers[m].End <= segment.Start)
            {
                m++;
            }

            // Markers opening the segment ("... policy. [S2] Next ...") belong to the sentence before it.
            int contentStart = segment.Start;
            int k = m;
            while (k < markers.Count && markers[k].Start == contentStart && markers[k].End <= segment.End)
            {
                contentStart = markers[k].End;
                while (contentStart < segment.End && char.IsWhiteSpace(answer[contentStart]))
                {
                    contentStart++;
                }

                k++;
            }

            Sentence? previous = sentences.Count > 0 && sentences[^1].Paragraph == segment.Paragraph ? sentences[^1] : null;
            if (k > m && previous is not null)
            {
                for (int i = m; i < k; i++)
                {
                    previous.Numbers.AddRange(markers[i].Numbers);
                    previous.End = Math.Max(previous.End, markers[i].End);
                }

                m = k;
            }

            if (!HasWordOutsideMarkers(answer, contentStart, segment.End, markers, m))
            {
                Sentence? owner = previous ?? (sentences.Count > 0 ? sentences[^1] : null);
                for (; m < markers.Count && markers[m].Start < segment.End; m++)
                {
                    if (owner is not null)
                    {
                        owner.Numbers.AddRange(markers[m].Numbers);
                        owner.End = Math.Max(owner.End, markers[m].End);
                    }
                }

                continue;
            }

            var sentence = new Sentence(contentStart, contentStart, segment.End, segment.Paragraph, segment.IsHeading);
            for (; m < markers.Count && markers[m].Start < segment.End; m++)
            {
                sentence.Numbers.AddRange(markers[m].Numbers);
            }

            sentences.Add(sentence);
        }

        return sentences;
    }

    private static bool HasWordOutsideMarkers(string text, int start, int end, List<CitationMarker> markers, int m)
    {
        for (int i = start; i < end; i++)
        {
            while (m < markers.Count && markers[m].End <= i)
            {
                m++;
            }

            if (m < markers.Count && i >= markers[m].Start)
            {
                i = markers[m].End - 1;
                continue;
            }

            if (char.IsLetterOrDigit(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How much of the support rule applies to a sentence.</summary>
    private enum SupportLevel
    {
        /// <summary>Numbers and named things must be present, and the full rule applies.</summary>
        Full,

        /// <summary>Numbers and named things must be present, and the support ratio must be reached (uncited headings).</summary>
        Ratio,

        /// <summary>Only numbers and named things must be present (short connective text).</summary>
        SpecificsOnly,
    }

    private sealed class Sentence(int start, int contentStart, int end, int paragraph, bool isHeading)
    {
        public int Start { get; } = start;

        public int ContentStart { get; } = contentStart;

        public int End { get; set; } = end;

        public int Paragraph { get; } = paragraph;

        public bool IsHeading { get; } = isHeading;

        public List<int> Numbers { get; } = [];

        public List<int> Valid { get; } = [];

        public ReadOnlySpan<char> ContentSpan(string text) => text.AsSpan(ContentStart, End - ContentStart);

        /// <summary>Scans the sentence (skipping citation markers) for negations, numbers and named things.</summary>
        public void Scan(string text, List<CitationMarker> markers, ClaimWords words)
        {
            int pos = ContentStart;
            foreach (CitationMarker marker in markers)
            {
                if (marker.End <= pos)
                {
                    continue;
                }

                if (marker.Start >= End)
                {
                    break;
                }

                if (marker.Start > pos)
                {
                    words.Scan(text.AsSpan(pos, marker.Start - pos));
                }

                pos = marker.End;
            }

            if (pos < End)
            {
                words.Scan(text.AsSpan(pos, End - pos));
            }
        }

        /// <summary>Adds the content terms of the sentence, skipping citation markers.</summary>
        public void AddTerms(string text, List<CitationMarker> markers, HashSet<ulong> terms)
        {
            int pos = ContentStart;
            foreach (CitationMarker marker in markers)
            {
                if (marker.End <= pos)
                {
                    continue;
                }

                if (marker.Start >= End)
                {
                    break;
                }

                if (marker.Start > pos)
                {
                    TermAnalyzer.AddTerms(text.AsSpan(pos, marker.Start - pos), terms);
                }

                pos = marker.End;
            }

            if (pos < End)
            {
                TermAnalyzer.AddTerms(text.AsSpan(pos, End - pos), terms);
            }
        }
    }
}
