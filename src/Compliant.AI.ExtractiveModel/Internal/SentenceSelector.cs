using System.Text.RegularExpressions;
using Compliant.AI.Grounding.Internal;
using Compliant.AI.Text;

namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>
/// Scores the answer units of the sources (sentences, list items, table rows) against a question and picks the ones that
/// answer it: BM25 over the units with IDF computed over the retrieved passages, question words folded onto the policy
/// words they stand for (<see cref="PolicyVocabulary"/>), a preference for units offering the kind of value the question
/// asks for (<see cref="QuestionCues"/>), and a self-check that each quoted unit passes the grounding stage's support
/// check against the passage it cites.
/// </summary>
internal static partial class SentenceSelector
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>How much a question term that no retrieved unit contains weighs, relative to the rarest present term.</summary>
    private const double AbsentTermWeight = 0.5;

    /// <summary>A unit that offers the asked-for kind of value may be chosen over a better-matching one down to this share of its score.</summary>
    private const double CueFloor = 0.5;

    /// <summary>How much a unit's score shrinks per place its passage ranks below the first.</summary>
    private const double RankPenalty = 0.1;

    /// <summary>
    /// How much a unit's score grows when its document's title covers the whole question's content (pro rata for part):
    /// a page or section named for what is asked ("Law enforcement delay", "Advanced sick leave") is likelier to hold the
    /// answer than a longer page that mentions the same words in passing, as field weighting does in BM25F.
    /// </summary>
    private const double TitleWeight = 1.0;

    /// <summary>The support check the grounding stage applies with its strictest defaults: every quoted sentence must pass it.</summary>
    private static readonly GroundingOptions StrictCheck = new() { CitationMode = GroundingCitationMode.PerSentence, MaxUnsupportedTerms = 0 };

    /// <summary>
    /// Chooses the units that answer <paramref name="question"/>; with a <paramref name="semantic"/> scorer, the units that
    /// match the question's words are re-ranked by a blend of that match and their similarity to the question, and the
    /// support figure may be raised by the first unit's similarity (<see cref="ExtractiveChatClientOptions.SemanticWeight"/>).
    /// </summary>
    public static async ValueTask<IReadOnlyList<Candidate>> SelectAsync(
        string question, IReadOnlyList<ParsedSource> sources, ExtractiveChatClientOptions options, SemanticScorer? semantic, CancellationToken cancellationToken)
    {
        HashSet<ulong> query = PolicyVocabulary.Fold(TermAnalyzer.Terms(question));
        HashSet<ulong> topical = PolicyVocabulary.Fold(TermAnalyzer.Terms(WithoutQuestionForms(question)));

        // Units are scored on the question without its question and pronoun words ("does every user need ..." must not
        // prefer a unit for its "every"), but with the measure word of "how long/many" kept: "long" still favours
        // "14 characters long" for "how long must passwords be".
        HashSet<ulong> scoring = PolicyVocabulary.Fold(TermAnalyzer.Terms(WithoutQuestionForms(question, keepMeasures: true)));
        if (topical.Count == 0)
        {
            return [];
        }

        // "Under <LOCATION_1> law, ...": the question asks for the rule of a place no source names (AskedPlaces).
        if (AskedPlaces.QualifiesByForeignPlace(question, sources))
        {
            return [];
        }

        List<Candidate> candidates = Candidates(sources);
        if (candidates.Count == 0)
        {
            return [];
        }

        // The terms the units spell out, before synonyms are added; only the semantic checks read them.
        HashSet<ulong>? literal = semantic is null ? null : new HashSet<ulong>(candidates.SelectMany(static c => c.Frequencies.Keys));
        if (semantic is not null && options.SemanticWeight > 0 && options.ParaphraseSimilarity < 1)
        {
            await AddParaphrasedTermsAsync(question, topical, literal!, candidates, semantic, options.ParaphraseSimilarity, cancellationToken).ConfigureAwait(false);
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
        double rarestPresent = 0;
        foreach (ulong term in query.Union(scoring))
        {
            int n = df.GetValueOrDefault(term);
            idf[term] = Math.Log(1 + ((candidates.Count - Math.Max(1, n) + 0.5) / (Math.Max(1, n) + 0.5)));
            if (n > 0 && topical.Contains(term))
            {
                rarestPresent = Math.Max(rarestPresent, idf[term]);
            }
        }

        // A topical term no unit has cannot be covered by any choice; it still counts against support (a question about
        // something the sources do not mention should be declined), but at half the weight of the rarest present term,
        // so one unseen word of a question the sources answer does not veto the answer.
        double queryWeight = 0;
        var weight = new Dictionary<ulong, double>(topical.Count);
        foreach (ulong term in topical)
        {
            weight[term] = df.ContainsKey(term) ? idf[term] : AbsentTermWeight * Math.Max(rarestPresent, 1);
            queryWeight += weight[term];
        }

        double[] titleCoverage = TitleCoverage(sources, weight, queryWeight);

        QuestionCue cue = QuestionCues.Of(question);
        bool asksForMeasure = QuestionCues.AsksForMeasure(question);

        // "How many days" counts in days: when some unit states a number of days, a number of hours elsewhere is not the
        // value asked for, and only the units in the asked unit offer the count.
        string? unit = QuestionCues.AskedUnit(question);
        bool countsInUnit = false;
        if (unit is not null && (cue & QuestionCue.Count) != 0)
        {
            foreach (Candidate candidate in candidates)
            {
                candidate.OffersAskedUnit = QuestionCues.OffersUnit(unit, candidate.Text);
                countsInUnit |= candidate.OffersAskedUnit;
            }
        }

        // Whether the question wants an amount of money decides which values count; read from the question once.
        bool asksForMoney = QuestionCues.AsksForMoney(question);

        // "At what age" is answered by an age, not by any number of years ("the average age of members was 45 years").
        bool asksForAge = QuestionCues.AsksForAge(question);

        // "How many Slack channels" is answered by a count of channels, not by "two Slack workplaces".
        string? countedNoun = (cue & QuestionCue.Count) != 0 ? QuestionCues.CountedNoun(question) : null;
        if (countsInUnit)
        {
            // The unit word then counts once, through the cue: as a scored word it would also favour a unit that names days
            // without the question's subject ("five days to ten days in advance for:" over "leave requests three days in
            // advance"). It still counts for support.
            scoring = new HashSet<ulong>(scoring);
            scoring.ExceptWith(PolicyVocabulary.Fold(TermAnalyzer.Terms(unit + " " + unit + "s")));
        }

        foreach (Candidate candidate in candidates)
        {
            candidate.Score = Bm25(candidate, scoring, idf, averageLength);
        }

        foreach (Candidate candidate in candidates)
        {
            // A unit that has the kind of value the question asks for (a duration for "how long", a number for "how many",
            // a role for "who") is preferred over a neighbour that only repeats the question's words.
            candidate.OffersCue = countsInUnit && !candidate.OffersAskedUnit
                ? QuestionCues.Matches(cue & ~QuestionCue.Count, candidate.Text)
                : QuestionCues.Matches(cue, candidate.Text);
            // A redacted date answers a question asking for a time ("what was the deadline"), not one counting ("how many days").
            candidate.OffersMeasure = asksForAge ? QuestionCues.HasAge(candidate.Text)
                : asksForMoney ? QuestionCues.HasMoney(candidate.Text)
                : QuestionCues.HasMeasure(candidate.Text) || ((cue & QuestionCue.Duration) != 0 && QuestionCues.HasRedactedTime(candidate.Text));
            double score = candidate.Score;

            // The value often follows the sentence that names the topic ("Retention period. Logs are kept for six years."):
            // a unit offering the value (not merely a rule word) borrows half its predecessor's match, and quotes the
            // predecessor as context.
            Candidate? previous = candidate.Previous;
            QuestionCue valueCue = cue & ~QuestionCue.Rule;
            if (valueCue != QuestionCue.None && QuestionCues.Matches(valueCue, candidate.Text) && candidate.Context is null && previous is not null && previous.Score > score * 2)
            {
                score += previous.Score * 0.5;
                candidate.Context = previous.Text;
                candidate.ContextTerms.UnionWith(previous.Frequencies.Keys);
                candidate.BorrowsContext = true;
            }

            candidate.Boosted = score > 0 && candidate.OffersCue ? score * QuestionCues.Boost : score;

            // The retriever ranked the passages: between two units that match the question as well, the one from the better
            // passage is the likelier answer.
            candidate.Boosted /= 1 + (RankPenalty * candidate.SourceOrder);
            candidate.TitleFactor = 1 + (TitleWeight * titleCoverage[candidate.SourceOrder]);
            candidate.Boosted *= candidate.TitleFactor;
        }

        foreach (Candidate candidate in candidates)
        {
            candidate.Score = candidate.Boosted;
        }

        double semanticWeight = semantic is null ? 0 : options.SemanticWeight;
        if (semanticWeight > 0)
        {
            await BlendSimilarityAsync(question, candidates, semantic!, semanticWeight, cancellationToken).ConfigureAwait(false);
        }

        List<Candidate> ranked = candidates
            .Where(c => c.Score > 0 && !c.IsLabelOnly)
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.SourceOrder)
            .ThenBy(c => c.Position)
            .ToList();
        if (ranked.Count == 0)
        {
            return [];
        }

        List<GroundingSource>? evidence = EvidenceOf(sources);
        double best = ranked[0].Score;

        // "How long/many/much/often" asks for a value: the first unit quoted must hold one (a number, a duration), or the
        // sources do not answer the question and the model says so.
        // "How many days" asks for a number of days: when the sources state one, the first unit must (not "240 hours").
        // "Can/may/must ..." asks for a rule: the first unit must state one (a modal, a requirement, a prohibition).
        // "What time of day", "which room", "what hourly rate", "who do we call" ask for a clock time, a place, a rate, someone
        // to reach: the first unit must offer it (AnswerKinds).
        bool asksPermission = QuestionCues.AsksPermission(question);
        AnswerKind answerKind = AnswerKinds.Of(question);
        string? rateUnit = (answerKind & AnswerKind.Rate) != 0 ? AnswerKinds.RateUnit(question) : null;
        Candidate? first = ranked.FirstOrDefault(c =>
            (!asksForMeasure || c.OffersMeasure) && (!countsInUnit || c.OffersAskedUnit) && (!asksPermission || QuestionCues.StatesRule(c.Text))
            && (countedNoun is null || QuestionCues.CountsOf(countedNoun, c.Text))
            && (answerKind == AnswerKind.None || AnswerKinds.Offers(answerKind, c.Context is null ? c.Text : $"{c.Context} {c.Text}", rateUnit))
            && c.Score >= best * (asksForMeasure || asksPermission || answerKind != AnswerKind.None ? CueFloor : 0) && Passes(c, evidence));
        if (first is null)
        {
            return [];
        }

        // A near miss: the best unit holding a value of the asked kind holds it for another subject ("You work 5 days a
        // week" for "how many days a week may I telework"). Its value answers a question the sources answer, not this one:
        // the model declines rather than looking further down for a weaker unit that happens to name a subject word.
        if (asksForMeasure && !NamesSubject(first, QuestionSubject(question), RuleTerms))
        {
            return [];
        }

        // A near miss of another kind: the first unit states the value or rule for another kind of the thing asked about
        // ("annual leave" for "sick leave"); it answers a neighbouring question (KindContrast). Only for a question asking
        // for a value or a rule: what to do about a "lost laptop" is what to do about a "missing laptop".
        if ((cue != QuestionCue.None || asksForMeasure) && await KindContrast.NamesAnotherKindAsync(question, first, sources, semantic, options.ParaphraseSimilarity, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var chosen = new List<Candidate> { first };
        var covered = new HashSet<ulong>(topical.Where(first.Covers));
        foreach (Candidate next in ranked)
        {
            if (chosen.Count >= options.MaxSentences)
            {
                break;
            }

            // The title preference chooses the first unit's document; whether a further unit adds enough is judged on the
            // units' own match, so a second document with a less telling title can still answer its part of the question.
            double nextOwn = next.Score / next.TitleFactor, firstOwn = first.Score / first.TitleFactor;
            if (nextOwn < firstOwn * 0.3)
            {
                continue;
            }

            if (chosen.Contains(next) || chosen.Any(c => c.Text.Contains(next.Text.TrimEnd('.', ';', ','), StringComparison.Ordinal) || c.Context == next.Text || next.Context == c.Text))
            {
                continue;
            }

            // A question asking for a value is answered by units holding values; one without a value adds only noise.
            if ((asksForMeasure && !next.OffersMeasure && !chosen.Any(c => c.Previous == next)) || (countsInUnit && !next.OffersAskedUnit))
            {
                continue;
            }

            // A further unit must answer a part of the question the chosen ones do not and be at least half as good, or
            // (from the same document) be nearly as good: a weak unit that merely mentions one more question word is noise.
            bool addsTerms = topical.Any(t => !covered.Contains(t) && next.Covers(t));
            bool sameDocument = chosen.Any(c => SameDocument(c, next));
            bool adds = (addsTerms && nextOwn >= firstOwn * 0.5) || (sameDocument && nextOwn >= firstOwn * 0.9);
            if (adds && Passes(next, evidence))
            {
                chosen.Add(next);
                covered.UnionWith(topical.Where(next.Covers));
            }
        }

        // The answer must stand on the first unit's document: units from other documents may add to it, never make it.
        var firstDocument = new HashSet<ulong>(topical.Where(t => chosen.Any(c => SameDocument(c, first) && c.Covers(t))));
        double support = queryWeight <= 0 ? 0 : firstDocument.Sum(t => weight[t]) / queryWeight;

        double lexical = support;
        support = WithSimilarity(lexical);

        // A question term the first document says in other words ("info" for "information", "restart" for "reboot") is
        // covered as well when one of the chosen units' words is as similar to it as a synonym is. Tried only when the
        // answer would be declined otherwise, so an answer the words already support costs no second batch.
        if (support < options.MinimumSupport && semanticWeight > 0 && options.ParaphraseSimilarity < 1)
        {
            List<Candidate> firstUnits = chosen.Where(c => SameDocument(c, first)).ToList();
            double paraphrased = await ParaphrasedWeightAsync(question, topical, weight, firstDocument, firstUnits, semantic!, options.ParaphraseSimilarity, cancellationToken).ConfigureAwait(false);
            if (paraphrased > 0)
            {
                support = WithSimilarity(lexical + (paraphrased / queryWeight));
            }
        }

        if (support < options.MinimumSupport)
        {
            return [];
        }

        // The question names a thing the sources never name ("our cyber insurance carrier", "the FBI"): the answer found
        // holds its topic, not what it asks about (AskedThings). Only with a semantic scorer: without one, a thing the
        // answer says in other words ("login ID" for "unique user identification") cannot be told from another thing.
        if (semantic is not null && semanticWeight > 0)
        {
            List<Candidate> answer = chosen.Where(c => SameDocument(c, first)).ToList();
            string? foreignThing = await AskedThings.ForeignThingAsync(
                question, answer, literal!.Contains, semantic, options.ParaphraseSimilarity, cancellationToken).ConfigureAwait(false);
            if (foreignThing is not null)
            {
                return [];
            }

            // The question asks what the rule gives a group of people the answer never names, and the answer speaks to its
            // reader ("You can carry over ..." for "can a senior executive carry over"): it answers for the reader (AskedSubjects).
            string? foreignSubject = await AskedSubjects.ForeignSubjectAsync(
                question, answer, semantic, options.ParaphraseSimilarity, cancellationToken).ConfigureAwait(false);
            if (foreignSubject is not null)
            {
                return [];
            }

            // "How many hours of overtime" asks for hours of overtime: an answer whose units say "hours" of work but neither
            // "overtime" nor a word as similar as a synonym states the hours of another thing (AskedThings).
            string? unsaid = await AskedThings.UnsaidMeasuredThingAsync(
                question, answer, semantic, options.ParaphraseSimilarity, cancellationToken).ConfigureAwait(false);
            if (unsaid is not null)
            {
                return [];
            }
        }

        // A chosen unit may close its paragraph on a short label that points to a list ("... so people know what to expect
        // in terms of timezone and availability. Consider:") whose items are sentences of their own: the label carries none
        // of them, so the unit says there is guidance without giving it. The list's first item is quoted after the unit. The
        // answer is already decided: the item only completes it, so it never turns a refusal into an answer.
        for (int i = chosen.Count - 1; i >= 0; i--)
        {
            if (FirstItemAfterLabel(chosen[i], candidates) is Candidate item && !chosen.Contains(item) && Passes(item, evidence))
            {
                chosen.Insert(i + 1, item);
            }
        }

        return chosen;

        // A first unit that says what the question asks in other words covers fewer of its terms than it answers: its
        // similarity to the question (as a share of the similarity that counts as full support) may raise the support
        // figure, never lower it, by the semantic share. Only when the unit itself names what the question is about: a
        // sentence that offers a related value for another subject ("the disposal report is kept for ten years" for "how
        // long are audit logs retained?") is similar to the question for its measure alone, and is a near miss.
        double WithSimilarity(double covered)
        {
            if (semanticWeight > 0 && first.Similarity is double similarity && NamesSubject(first, topical))
            {
                double semanticSupport = Math.Clamp(similarity / options.FullSupportSimilarity, 0, 1);
                return Math.Max(covered, ((1 - semanticWeight) * covered) + (semanticWeight * semanticSupport));
            }

            return covered;
        }
    }

    /// <summary>
    /// Returns the first item of the list that <paramref name="unit"/>'s paragraph introduces with a closing label of at
    /// most <see cref="ListLabelWords"/> words ("Consider:", "Options include:"), when the label carries no item (its items
    /// are sentences, <see cref="QuotableText"/>) and the item is the next unit of the same source.
    /// </summary>
    private static Candidate? FirstItemAfterLabel(Candidate unit, List<Candidate> candidates)
    {
        int at = candidates.FindIndex(c => c.Previous == unit);
        if (at < 0 || at + 1 >= candidates.Count)
        {
            return null;
        }

        Candidate label = candidates[at], item = candidates[at + 1];
        bool closingLabel = label.Text.TrimEnd().EndsWith(':') && TermAnalyzer.CountWords(label.Text) <= ListLabelWords;
        return closingLabel && item.SourceOrder == label.SourceOrder && item.Position == label.Position + 1 && (item.Previous is null || item.Previous == label) && !item.IsLabelOnly
            ? item
            : null;
    }

    /// <summary>A label that closes a paragraph and points to the list after it has at most this many words ("Consider:").</summary>
    private const int ListLabelWords = 4;

    /// <summary>
    /// Gives each unit that says a question word no unit contains with a synonym ("deceased" for "death", "reboot" for
    /// "restart": a word of the unit at least <paramref name="threshold"/> similar to it) that question word's term, so the
    /// unit is scored, and names the subject, as if it used the question's word. Measure words and numbers are never
    /// matched so: a value in other words is another value. Nor are the words that ask for a rule ("require" ~
    /// "requirement", <see cref="RuleTerms"/>): they name no subject, and would lift any unit stating some requirement.
    /// A unit word that names another kind of a thing the question gives a kind (<see cref="KindContrast.OtherKindTerms"/>:
    /// "annual" in "annual leave" for "a yearly ceiling on award leave") does not stand for the question's word there.
    /// </summary>
    private static async ValueTask AddParaphrasedTermsAsync(
        string question, HashSet<ulong> topical, HashSet<ulong> literal, List<Candidate> candidates, SemanticScorer semantic, double threshold, CancellationToken cancellationToken)
    {
        (List<string> questionWords, List<ulong> termOf) = UncoveredQuestionWords(question, topical, literal, skipRuleWords: true);
        if (questionWords.Count == 0)
        {
            return;
        }

        // The kinds each unit names for a thing the question gives another kind: read once per unit, not per question word.
        Dictionary<ulong, HashSet<ulong>> askedKinds = KindContrast.AskedKinds(question);
        HashSet<ulong>[] otherKinds = candidates.Select(c => KindContrast.OtherKindTerms(askedKinds, c.Text)).ToArray();
        List<string> sourceWords = UnitWords.Distinct(candidates.Select(static c => c.Text));
        List<string>[] matches = await semantic.MatchesAsync(questionWords, sourceWords, threshold, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < matches.Length; i++)
        {
            var synonyms = new HashSet<ulong>();
            foreach (string synonym in matches[i])
            {
                foreach (ulong term in PolicyVocabulary.Fold(TermAnalyzer.Terms(synonym)))
                {
                    if (!MeasureTerms.Contains(term))
                    {
                        synonyms.Add(term);
                    }
                }
            }

            for (int c = 0; c < candidates.Count; c++)
            {
                // A synonym that names another kind of a thing the question asks about ("annual leave" for "award leave")
                // does not stand for the question's word in that unit.
                if (synonyms.Any(t => candidates[c].Frequencies.ContainsKey(t) && !otherKinds[c].Contains(t)))
                {
                    candidates[c].Frequencies.TryAdd(termOf[i], 1);
                }
            }
        }
    }

    /// <summary>
    /// The question's words whose terms are topical and not in <paramref name="covered"/>, each term once (by its first
    /// word), with their terms. Measure words and numbers are left out, and with <paramref name="skipRuleWords"/> the words
    /// that ask for a rule (<see cref="RuleTerms"/>).
    /// </summary>
    private static (List<string> Words, List<ulong> Terms) UncoveredQuestionWords(string question, HashSet<ulong> topical, HashSet<ulong> covered, bool skipRuleWords)
    {
        var words = new List<string>();
        var terms = new List<ulong>();
        var seen = new HashSet<ulong>();
        foreach (Match word in UnitWords.Word().Matches(UnitWords.Placeholder().Replace(WithoutQuestionForms(question), " ")))
        {
            foreach (ulong term in PolicyVocabulary.Fold(TermAnalyzer.Terms(word.Value)))
            {
                if (topical.Contains(term) && !covered.Contains(term) && !MeasureTerms.Contains(term) && !(skipRuleWords && RuleTerms.Contains(term))
                    && word.Value.Any(char.IsLetter) && seen.Add(term))
                {
                    words.Add(word.Value.ToLowerInvariant());
                    terms.Add(term);
                }
            }
        }

        return (words, terms);
    }

    /// <summary>
    /// Returns the weight of the question's topical terms that <paramref name="units"/> do not contain but say in other
    /// words: a term counts when one of the units' words (or their context's) is at least <paramref name="threshold"/>
    /// similar to the question word it came from. Measure words ("days", "years") and numbers are never matched so: a
    /// value in other units is another value.
    /// </summary>
    private static async ValueTask<double> ParaphrasedWeightAsync(
        string question, HashSet<ulong> topical, Dictionary<ulong, double> weight, HashSet<ulong> covered, List<Candidate> units, SemanticScorer semantic, double threshold, CancellationToken cancellationToken)
    {
        (List<string> questionWords, List<ulong> termOf) = UncoveredQuestionWords(question, topical, covered, skipRuleWords: false);
        List<string> sourceWords = UnitWords.Distinct(units.Select(static u => u.Context is null ? u.Text : $"{u.Context} {u.Text}"));

        if (questionWords.Count == 0 || sourceWords.Count == 0)
        {
            return 0;
        }

        double[] best = await semantic.BestMatchesAsync(questionWords, sourceWords, cancellationToken).ConfigureAwait(false);
        double paraphrased = 0;
        var counted = new HashSet<ulong>();
        for (int i = 0; i < best.Length; i++)
        {
            if (best[i] >= threshold && counted.Add(termOf[i]))
            {
                paraphrased += weight[termOf[i]];
            }
        }

        return paraphrased;
    }

    /// <summary>
    /// Returns whether <paramref name="unit"/> names the subject of the question: one of its content terms that is not a
    /// measure word (<see cref="MeasureTerms"/>), in the unit's own words or in the sentence it leans on ("It must be ..."),
    /// not in a predecessor it merely borrowed for its topic. A question made of measure words only names no subject.
    /// </summary>
    private static bool NamesSubject(Candidate unit, HashSet<ulong> topical, HashSet<ulong>? notSubject = null)
    {
        bool any = false;
        foreach (ulong term in topical)
        {
            if (MeasureTerms.Contains(term) || (notSubject?.Contains(term) ?? false))
            {
                continue;
            }

            any = true;
            if (unit.Frequencies.ContainsKey(term) || (!unit.BorrowsContext && unit.ContextTerms.Contains(term)))
            {
                return true;
            }
        }

        return !any;
    }

    /// <summary>
    /// Words that name the kind of value a question asks for, not what it is about: keeping and expiry, limits, and units
    /// of time ("how long must logs be retained", "what is the maximum number of days").
    /// </summary>
    private static readonly HashSet<ulong> MeasureTerms = PolicyVocabulary.Fold(TermAnalyzer.Terms(
        "retain retained retention keep kept expire expires expiry deadline maximum minimum limit limits number amount length " +
        "long time period periods often frequency soon minute minutes hour hours day days week weeks month months year years"));

    /// <summary>
    /// The terms of what the question is about: its topical terms without the time spans it names ("in one pay period",
    /// "a week"), which measure the value asked for rather than name its subject.
    /// </summary>
    private static HashSet<ulong> QuestionSubject(string question) =>
        PolicyVocabulary.Fold(TermAnalyzer.Terms(WithoutQuestionForms(QuestionCues.WithoutTimeSpans(question))));

    /// <summary>Words that ask for a rule (a permission, an obligation), not what it is about: "am I allowed to telework".</summary>
    private static readonly HashSet<ulong> RuleTerms = PolicyVocabulary.Fold(TermAnalyzer.Terms(
        "allowed permitted permit allow required require requirement mandatory obligated eligible entitled able"));

    /// <summary>
    /// Re-ranks the units that match the question's words by a linear blend of that match (as a share of the best) and
    /// their cosine similarity to the question (min-max scaled over those units), keeping the best unit's scale so the
    /// relative thresholds of the selection still apply. Units that match no word of the question stay out.
    /// </summary>
    private static async ValueTask BlendSimilarityAsync(string question, List<Candidate> candidates, SemanticScorer semantic, double semanticWeight, CancellationToken cancellationToken)
    {
        List<Candidate> eligible = candidates.Where(c => c.Score > 0 && !c.IsLabelOnly).ToList();
        if (eligible.Count == 0)
        {
            return;
        }

        double[] similarities = await semantic.SimilaritiesAsync(
            question, eligible.Select(c => c.Context is null ? c.Text : $"{c.Context} {c.Text}").ToList(), cancellationToken).ConfigureAwait(false);
        double bestScore = eligible.Max(c => c.Score);
        double low = similarities.Min(), high = similarities.Max();
        for (int i = 0; i < eligible.Count; i++)
        {
            double semanticShare = high > low ? (similarities[i] - low) / (high - low) : 1;
            eligible[i].Similarity = similarities[i];
            eligible[i].Score = bestScore * (((1 - semanticWeight) * eligible[i].Score / bestScore) + (semanticWeight * semanticShare));
        }
    }

    /// <summary>The share of the question's content weight each source's title covers.</summary>
    private static double[] TitleCoverage(IReadOnlyList<ParsedSource> sources, Dictionary<ulong, double> weight, double queryWeight)
    {
        var coverage = new double[sources.Count];
        if (queryWeight <= 0)
        {
            return coverage;
        }

        for (int s = 0; s < sources.Count; s++)
        {
            if (string.IsNullOrWhiteSpace(sources[s].Title))
            {
                continue;
            }

            var terms = new HashSet<ulong>();
            TermAnalyzer.ForEachTerm(sources[s].Title!, ref terms, static (ref HashSet<ulong> set, ulong term) => set.Add(PolicyVocabulary.Fold(term)));
            double covered = 0;
            foreach (ulong term in terms)
            {
                covered += weight.GetValueOrDefault(term);
            }

            coverage[s] = covered / queryWeight;
        }

        return coverage;
    }

    private static bool SameDocument(Candidate a, Candidate b) =>
        a.SourceOrder == b.SourceOrder || (a.Document is not null && a.Document == b.Document);

    /// <summary>BM25 of the unit against the question; the terms of its context count once each.</summary>
    private static double Bm25(Candidate candidate, HashSet<ulong> query, Dictionary<ulong, double> idf, double averageLength)
    {
        double score = 0;
        foreach (ulong term in query)
        {
            int tf = candidate.Frequencies.GetValueOrDefault(term);
            if (tf == 0 && candidate.ContextTerms.Contains(term))
            {
                tf = 1;
            }

            if (tf > 0)
            {
                score += idf[term] * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * candidate.Length / averageLength))));
            }
        }

        return score;
    }

    /// <summary>
    /// Drops what shapes the question but is no topic to cover: the measure word of "how long/often/many/much/soon"
    /// (it asks for a value), question and pronoun words ("what", "do", "we", "can"), and redaction placeholders.
    /// </summary>
    internal static string WithoutQuestionForms(string question, bool keepMeasures = false)
    {
        string[] words = question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>(words.Length);
        for (int i = 0; i < words.Length; i++)
        {
            string word = words[i].Trim('?', ',', '.', '!', ';', ':', '"', '(', ')').ToLowerInvariant();
            if (word == "how" && !keepMeasures && i + 1 < words.Length &&
                QuestionMeasures.Contains(words[i + 1].TrimEnd('?', ',', '.').ToLowerInvariant()))
            {
                i++;

                // "How far back" asks for a time span as one phrase: "back" is no topic either.
                if (words[i].Equals("far", StringComparison.OrdinalIgnoreCase) && i + 1 < words.Length &&
                    words[i + 1].TrimEnd('?', ',', '.').Equals("back", StringComparison.OrdinalIgnoreCase))
                {
                    i++;
                }

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
        "every", "everyone", "everybody", "anybody", "anything", "something", "really", "actually", "exactly", "still", "ever",
    };

    private static readonly HashSet<string> QuestionMeasures = new(StringComparer.Ordinal) { "long", "often", "many", "much", "soon", "far", "old", "frequently", "quickly" };

    /// <summary>Returns whether <paramref name="answer"/> passes the grounding stage's strictest support check against <paramref name="sources"/>.</summary>
    public static bool Passes(string answer, IReadOnlyList<ParsedSource> sources)
    {
        List<GroundingSource>? evidence = EvidenceOf(sources);
        return evidence is null || GroundingEvaluator.Evaluate(answer, evidence, StrictCheck).Reason is null;
    }

    /// <summary>
    /// Returns whether quoting <paramref name="candidate"/> (with its context) passes the grounding stage's strictest support
    /// check. A lead-in that carries its list ("... contact TWN via the options below: The Work Number website; 800-...")
    /// and fails it only for an item the check cannot place (a number it looks for in the lines that share the most words
    /// with the whole quote, the lead-in's own line) is cut back to the items before the first one that fails, and passes so.
    /// </summary>
    private static bool Passes(Candidate candidate, List<GroundingSource>? evidence)
    {
        if (evidence is null)
        {
            return true;
        }

        if (Check(candidate.Text))
        {
            return true;
        }

        int colon = candidate.Text.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        // The items are joined with "; " after the lead-in's colon: the longest run of whole items from the first that passes.
        string? kept = null;
        for (int cut = candidate.Text.IndexOf("; ", colon, StringComparison.Ordinal); cut > 0; cut = candidate.Text.IndexOf("; ", cut + 2, StringComparison.Ordinal))
        {
            if (!Check(candidate.Text[..cut]))
            {
                break;
            }

            kept = candidate.Text[..cut];
        }

        if (kept is null)
        {
            return false;
        }

        candidate.QuoteOnly(kept);
        return true;

        bool Check(string text)
        {
            string quote = candidate.Context is null
                ? $"{text} [{candidate.SourceId}]"
                : $"{candidate.Context} [{candidate.SourceId}] {text} [{candidate.SourceId}]";
            return GroundingEvaluator.Evaluate(quote, evidence, StrictCheck).Reason is null;
        }
    }

    /// <summary>The sources as the grounding stage sees them, when they are numbered S1..Sn in order (as the stage writes them).</summary>
    private static List<GroundingSource>? EvidenceOf(IReadOnlyList<ParsedSource> sources)
    {
        var evidence = new List<GroundingSource>(sources.Count);
        for (int i = 0; i < sources.Count; i++)
        {
            if (!string.Equals(sources[i].Id, SourceBlock.SourceId(i), StringComparison.Ordinal))
            {
                return null;
            }

            evidence.Add(new GroundingSource(i, new RetrievedPassage { ChunkId = sources[i].Id, DocumentId = sources[i].Id, Text = sources[i].Text, Title = sources[i].Title }));
        }

        return evidence;
    }

    private static List<Candidate> Candidates(IReadOnlyList<ParsedSource> sources)
    {
        var candidates = new List<Candidate>();
        for (int s = 0; s < sources.Count; s++)
        {
            string text = QuotableText.Clean(sources[s].Text);
            bool skipNext = false;
            int position = 0;
            string? previous = null;
            Candidate? last = null;
            int previousParagraph = -1;
            int previousEnd = -1;
            int provenanceParagraph = -1;

            // The regulation's outline ("(c) (1) ...", "(2) ...") as it stands at each unit, to read a reference to another
            // numbered paragraph of the same section.
            var outline = new List<string>();
            var outlined = new List<(Candidate Unit, string Path)>();
            foreach ((TextSegment segment, int start, int end) in Units(text))
            {
                string sentence = text[start..end];
                Outline.Follow(sentence, outline);
                if (InstructionDetector.LooksLikeInstruction(sentence))
                {
                    skipNext = true;
                    previous = null;
                    last = null;
                    continue;
                }

                if (skipNext)
                {
                    skipNext = false;
                    previous = null;
                    last = null;
                    continue;
                }

                // A paragraph that opens on "Source:" says where the text comes from and when it was last updated ("Source: 45
                // CFR Part 164 Subpart D, eCFR, up to date as of 11/21/2025. Public domain."): provenance, not policy, and its
                // date answers no "when" question; the rest of that paragraph goes with it.
                if (segment.Paragraph == provenanceParagraph || IsProvenanceNote(sentence))
                {
                    provenanceParagraph = segment.Paragraph;
                    previous = null;
                    last = null;
                    continue;
                }

                // A heading names what follows; a unit wholly in square brackets is an editorial note ("[65 FR 82802, Dec. 28,
                // 2000, as amended at ...]", the source and amendment history of a regulation's section): neither is an answer,
                // and the note's dates are no deadline.
                if (segment.IsHeading || IsBracketedNote(sentence))
                {
                    previous = null;
                    last = null;
                    continue;
                }

                // A passage that opens in the middle of a sentence (the chunk boundary cut it: "applicable, provides the
                // individual with ...") opens with a fragment whose subject and verb are in the previous chunk: never quoted.
                if (position == 0 && previousEnd < 0 && StartsMidSentence(sentence))
                {
                    previousEnd = end;
                    continue;
                }

                // A question in the page ("How long were the secrets available?") is never the answer.
                if (sentence.TrimEnd('"', '\'', ')', '*', '_').EndsWith('?'))
                {
                    previous = null;
                    last = null;
                    continue;
                }

                var frequencies = new Dictionary<ulong, int>();
                TermAnalyzer.ForEachTerm(sentence, ref frequencies, static (ref Dictionary<ulong, int> f, ulong term) =>
                {
                    term = PolicyVocabulary.Fold(term);
                    f[term] = f.GetValueOrDefault(term) + 1;
                });
                int length = frequencies.Values.Sum();
                if (length == 0)
                {
                    continue;
                }

                // A unit that leans on the one before ("It must be longer than 14 characters"), or that follows a short label
                // on its line ("(i) Time limit (Required). Retain the documentation ..."), keeps it as context.
                bool sameLine = previousEnd >= 0 && !text.AsSpan(previousEnd, start - previousEnd).Contains('\n');
                bool needsContext = previous is not null && previousParagraph == segment.Paragraph
                    && (LeansOnPrevious(sentence) || (sameLine && IsLabel(previous)));
                string? context = needsContext ? previous : null;

                // A label ("(iii) Automatic logoff (Addressable).") names the rule that follows it on its line; it is quoted
                // as that rule's context, never alone as an answer.
                if (needsContext && sameLine && last is not null && !LeansOnPrevious(sentence) && IsLabel(previous!))
                {
                    last.IsLabelOnly = true;
                }

                var candidate = new Candidate(sources[s].Id, sentence, s, position++, frequencies, length)
                {
                    Document = sources[s].Title,
                    Context = context,
                    Previous = previousParagraph == segment.Paragraph ? last : null,
                };
                if (context is not null)
                {
                    TermAnalyzer.ForEachTerm(context, ref candidate.ContextTerms, static (ref HashSet<ulong> set, ulong term) => set.Add(PolicyVocabulary.Fold(term)));
                }

                // A unit that names its subject only by a reference to a numbered paragraph of the same section ("Retain the
                // documentation required by paragraph (b)(1) of this section for 6 years") is about what that paragraph says:
                // the words of the paragraph's units seen so far in this source count as its context (not quoted).
                if (Outline.Reference(sentence) is string referenced)
                {
                    foreach ((Candidate unit, string at) in outlined)
                    {
                        if (at == referenced || at.StartsWith(referenced + "/", StringComparison.Ordinal))
                        {
                            candidate.ContextTerms.UnionWith(unit.Frequencies.Keys);
                        }
                    }
                }

                if (outline.Count > 0)
                {
                    // Only a labelled unit can be referred to; unlabelled text (most pages) records nothing.
                    outlined.Add((candidate, string.Join('/', outline)));
                }

                candidates.Add(candidate);
                last = candidate;
                previous = sentence;
                previousParagraph = segment.Paragraph;
                previousEnd = end;
            }
        }

        return candidates;
    }

    /// <summary>Returns whether the unit opens on a "Source:" or "Sources:" label: where the text comes from, not what it says.</summary>
    internal static bool IsProvenanceNote(string unit)
    {
        ReadOnlySpan<char> text = unit.AsSpan().TrimStart().TrimStart("*_");
        return text.StartsWith("Source:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("Sources:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Returns whether the unit is wholly enclosed in square brackets: an editorial note, not the text's own words.</summary>
    internal static bool IsBracketedNote(string unit)
    {
        ReadOnlySpan<char> text = unit.AsSpan().Trim().TrimEnd('.');
        return text.Length > 2 && text[0] == '[' && text[^1] == ']' && text[1..^1].IndexOfAny('[', ']') < 0;
    }

    /// <summary>
    /// Returns whether a text's first unit starts in the middle of a sentence: its first word is written in lower case
    /// letters only (not "iOS", not a list marker such as "(a)" or "i.").
    /// </summary>
    internal static bool StartsMidSentence(string unit)
    {
        ReadOnlySpan<char> text = unit.AsSpan().TrimStart();
        int n = 0;
        while (n < text.Length && char.IsLetter(text[n]))
        {
            if (!char.IsLower(text[n]))
            {
                return false;
            }

            n++;
        }

        // A lone lower-case letter or roman numeral followed by ')' or '.' is an item marker, not a fragment.
        bool marker = n < text.Length && (text[n] == ')' || text[n] == '.') && (n == 1 || text[..n].IndexOfAnyExcept("ivxl") < 0);
        return n > 0 && !marker;
    }

    /// <summary>
    /// The answer units of a text: its sentences, with a sentence that runs an inline enumeration ("(a) If ... ; or
    /// (b) If ...", as regulations write their paragraphs) cut before each further item, so that each alternative is
    /// scored on its own instead of the whole paragraph diluting the one that answers.
    /// </summary>
    private static IEnumerable<(TextSegment Segment, int Start, int End)> Units(string text)
    {
        foreach (TextSegment segment in TextSegmenter.Split(text))
        {
            int start = segment.Start;
            if (!segment.IsHeading)
            {
                foreach (Match item in InlineItem().Matches(text[segment.Start..segment.End]))
                {
                    int cut = segment.Start + item.Index + item.Length;
                    if (cut - start >= MinimumItemLength && segment.End - cut >= MinimumItemLength)
                    {
                        yield return (segment, start, segment.Start + item.Index + 1);
                        start = cut;
                    }
                }
            }

            yield return (segment, start, segment.End);
        }
    }

    /// <summary>An inline item is at least this many characters long; shorter ones stay with their sentence.</summary>
    private const int MinimumItemLength = 40;

    /// <summary>"; or (b) ", "; and (2) ", "; (iii) ": the end of one inline item and the start of the next.</summary>
    [GeneratedRegex(@";\s+(?:(?:or|and)\s+)?(?=\((?:[a-z]|[0-9]{1,2}|[ivx]{1,5})\)\s)", RegexOptions.CultureInvariant)]
    private static partial Regex InlineItem();

    private static bool LeansOnPrevious(string sentence)
    {
        int space = sentence.IndexOf(' ', StringComparison.Ordinal);
        string first = (space < 0 ? sentence : sentence[..space]).ToLowerInvariant();
        return first is "it" or "this" or "these" or "they" or "that" or "those" or "such" or "there" or "then";
    }

    /// <summary>A label names what follows on its line: "(i) Time limit (Required).", "Pay period:".</summary>
    private static bool IsLabel(string sentence) => sentence.TrimEnd().EndsWith(':') || TermAnalyzer.CountWords(sentence) <= 6;

    /// <summary>An answer unit of a source: a sentence, a list item or a table row.</summary>
    internal sealed class Candidate(string sourceId, string text, int sourceOrder, int position, Dictionary<ulong, int> frequencies, int length)
    {
#pragma warning disable SA1401 // passed by reference to the term callback
        public HashSet<ulong> ContextTerms = [];
#pragma warning restore SA1401

        public string SourceId { get; } = sourceId;

        public string Text { get; private set; } = text;

        public int SourceOrder { get; } = sourceOrder;

        public int Position { get; } = position;

        public Dictionary<ulong, int> Frequencies { get; } = frequencies;

        public int Length { get; private set; } = length;

        public double Score { get; set; }

        public bool OffersCue { get; set; }

        public bool OffersMeasure { get; set; }

        /// <summary>Gets or sets a value indicating whether the unit states a number in the unit a "how many days" question counts in.</summary>
        public bool OffersAskedUnit { get; set; }

        public string? Document { get; init; }

        public string? Context { get; set; }

        /// <summary>Gets the unit before this one in the same paragraph, if any.</summary>
        public Candidate? Previous { get; init; }

        public double Boosted { get; set; }

        /// <summary>Gets or sets the unit's cosine similarity to the question, when a semantic scorer measured it.</summary>
        public double? Similarity { get; set; }

        /// <summary>
        /// Gets or sets a value indicating whether <see cref="Context"/> is a predecessor the unit borrowed for its topic
        /// (a value after the sentence that names it), rather than one the unit leans on or a label.
        /// </summary>
        public bool BorrowsContext { get; set; }

        /// <summary>Gets or sets a value indicating whether the unit only labels the rule that follows it on its line.</summary>
        public bool IsLabelOnly { get; set; }

        /// <summary>Gets or sets the factor by which the unit's document title raised its score (1 when it did not).</summary>
        public double TitleFactor { get; set; } = 1;

        /// <summary>Quotes only <paramref name="prefix"/> of the unit (its lead-in with the items that pass the support check); its terms follow.</summary>
        public void QuoteOnly(string prefix)
        {
            Text = prefix;
            Dictionary<ulong, int> frequencies = Frequencies;
            frequencies.Clear();
            TermAnalyzer.ForEachTerm(prefix, ref frequencies, static (ref Dictionary<ulong, int> f, ulong term) =>
            {
                term = PolicyVocabulary.Fold(term);
                f[term] = f.GetValueOrDefault(term) + 1;
            });
            Length = Math.Max(1, frequencies.Values.Sum());
        }

        /// <summary>Returns whether the unit or its context has <paramref name="term"/>.</summary>
        public bool Covers(ulong term) => Frequencies.ContainsKey(term) || ContextTerms.Contains(term);
    }
}
