namespace Compliant.AI.Grounding.Internal;

/// <summary>Checks an answer's citations against the sources injected for this caller in this request.</summary>
internal static class GroundingEvaluator
{
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

        if (check.CitedSources.Count == 0 && check.UnknownSourceIds.Count == 0 && IsDeclined(answer, options.CannotAnswerText))
        {
            check.Declined = true;
            check.Reason = GroundingReasons.ModelDeclined;
            return check;
        }

        var terms = new HashSet<ulong>();
        var paragraphsMissing = new HashSet<int>();
        bool echo = false;
        foreach (Sentence sentence in sentences)
        {
            terms.Clear();
            sentence.AddTerms(answer, markers, terms);
            bool isClaim = !sentence.IsHeading && terms.Count >= options.MinimumClaimTerms;

            if (InstructionDetector.LooksLikeInstruction(sentence.ContentSpan(answer)))
            {
                echo = true;
                check.UnsupportedClaims.Add(Claim(sentence, sentence.Valid, sources, 0, GroundingReasons.InstructionEcho));
                continue;
            }

            IReadOnlyList<int>? against = sentence.Valid.Count > 0 ? sentence.Valid : null;
            if (against is null)
            {
                switch (options.CitationMode)
                {
                    case GroundingCitationMode.PerSentence when isClaim:
                        check.MissingCitations++;
                        continue;
                    case GroundingCitationMode.PerParagraph when isClaim:
                        if (paragraphSources.TryGetValue(sentence.Paragraph, out List<int>? inherited))
                        {
                            against = inherited;
                        }
                        else
                        {
                            paragraphsMissing.Add(sentence.Paragraph);
                            continue;
                        }

                        break;
                    default:
                        continue;
                }
            }

            double support = Support(terms, against, sources);
            if (support < options.SupportThreshold)
            {
                check.UnsupportedClaims.Add(Claim(sentence, against, sources, support, GroundingReasons.UnsupportedClaim));
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

    /// <summary>Returns whether <paramref name="answer"/> is the model saying it cannot answer from the sources.</summary>
    internal static bool IsDeclined(string answer, string cannotAnswerText)
    {
        ReadOnlySpan<char> phrase = cannotAnswerText.AsSpan().Trim().TrimEnd('.');
        return phrase.Length > 0 && answer.AsSpan().Contains(phrase, StringComparison.OrdinalIgnoreCase);
    }

    private static double Support(HashSet<ulong> claimTerms, IReadOnlyList<int> cited, IReadOnlyList<GroundingSource> sources)
    {
        if (claimTerms.Count == 0)
        {
            return 1;
        }

        int found = 0;
        foreach (ulong term in claimTerms)
        {
            foreach (int index in cited)
            {
                if (sources[index].Evidence.Contains(term))
                {
                    found++;
                    break;
                }
            }
        }

        return (double)found / claimTerms.Count;
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
