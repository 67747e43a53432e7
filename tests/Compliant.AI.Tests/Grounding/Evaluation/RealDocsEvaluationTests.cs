using System.Globalization;
using Xunit.Abstractions;

namespace Compliant.AI.Tests.Grounding.Evaluation;

/// <summary>
/// The main job on real policy text: the shared HIPAA regulations (46 sections + HHS guidance) and the GSA TTS handbook
/// (34 pages), each ingested with an explicit default access list of everyone, asked the development set
/// (<c>samples/PolicyAssistant/eval/realdocs-dev.jsonl</c>) and, separately, the independent check set
/// (<c>realdocs-check.jsonl</c>, never tuned on) and the held-out set (<c>realdocs-holdout.jsonl</c>, never tuned on, a
/// report of what unseen questions get) through the embedded-default pipeline the PolicyAssistant
/// composes: PII detection and redaction, grounding over in-memory BM25 with the BM25 settings of the sample's
/// appsettings.json (threshold and query vocabulary), the offline extractive model.
/// </summary>
/// <remarks>
/// Run: <c>dotnet test tests/Compliant.AI.Tests --filter "FullyQualifiedName~RealDocsEvaluationTests" --logger "console;verbosity=detailed"</c>.
/// Skipped when ../shared/data is absent. The figures are recorded in docs/grounding.md ("Evidence gate"); the hybrid
/// (BM25 + MiniLM) run is <c>RealDocsHybridEvaluationTests</c> in the MiniLM test project.
/// </remarks>
public sealed class RealDocsEvaluationTests(ITestOutputHelper output)
{
    private const string Hipaa = "policy-kb-hipaa";
    private const string Gsa = "policy-kb-gsa-tts-handbook";

    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DevSet_EmbeddedDefaultPipeline_MeetsQualityFloors(bool streaming)
    {
        RealDocsFigures figures = await RunAsync(RealDocsDevSet.DevSet, streaming);

        // Floors just below the figures measured on 2026-12-07 after the value-cue, list and subject fixes (82.0 %, 91.7 %,
        // 90.2 %, 68.6 %; docs/grounding.md, "Evidence gate").
        // 2026-12-07, fixture: g01's fact "1 hour" also accepts "one hour", as the corpus and the answer write it: facts
        // 68.6 -> 70.6 %, the other figures unchanged; facts floor 0.67 -> 0.70.
        Assert.True(figures.AnswerRate >= 0.81, $"answer rate {figures.AnswerRate:P1} is below the floor");
        Assert.True(figures.RefusalRate >= 0.91, $"refusal rate {figures.RefusalRate:P1} is below the floor");
        Assert.True(figures.CitedCorrect >= 0.89, $"answers citing a gold document {figures.CitedCorrect:P1} is below the floor");
        Assert.True(figures.FactRecall >= 0.70, $"key-fact recall {figures.FactRecall:P1} is below the floor");
    }

    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CheckSet_EmbeddedDefaultPipeline_MeetsQualityFloors(bool streaming)
    {
        RealDocsFigures figures = await RunAsync(RealDocsDevSet.CheckSet, streaming);

        // Floors a few points below the figures measured on 2026-12-07, before any tuning on this set (23.5 %, 79.2 %,
        // 83.3 % of 12 answers, 7.8 %): they catch a regression; the targets (75 / 85 / 90 / 60) are far above.
        // The answer-rate floor was lowered from 0.20 when the extractive model's value cue stopped taking "one", "once" and
        // "each" for a value and lead-ins began to carry their lists (19.6 %, 83.3 %, 80.0 %, 11.8 %): the three answers
        // lost had all missed the key fact (now declined); two more answers hold their key fact, one more near miss is refused.
        // 0.18 -> 0.17 when a passage's opening fragment (cut by the chunk boundary) stopped being quoted: ch21's answer
        // was that kind of half sentence without the key fact, and is now declined (9/51, 83.3 %, 7/9, 11.8 %).
        // Refusal floor 0.79 -> 0.93 on 2026-12-07 when the extractive model began refusing near misses (a value of another
        // kind or for another subject: cu12, cu17, cu23 now declined): 83.3 % -> 95.8 %, the other figures unchanged.
        // 2026-12-07, a lead-in whose carried list fails the self-check is cut back to the items that pass: cg01 answered
        // with its key fact (10/51 = 19.6 %, 83.3 %, 8/10 = 80.0 %, 13.7 %); answer floor 0.17 -> 0.19, facts 0.10 -> 0.12.
        // 2026-12-07, a negation hard-wrapped onto the next line covers it in the evidence (cg07 quotes its rule): facts
        // 13.7 -> 15.7 %, the other figures unchanged; facts floor 0.12 -> 0.15.
        Assert.True(figures.AnswerRate >= 0.19, $"answer rate {figures.AnswerRate:P1} is below the floor");
        Assert.True(figures.RefusalRate >= 0.93, $"refusal rate {figures.RefusalRate:P1} is below the floor");
        Assert.True(figures.CitedCorrect >= 0.74, $"answers citing a gold document {figures.CitedCorrect:P1} is below the floor");
        Assert.True(figures.FactRecall >= 0.15, $"key-fact recall {figures.FactRecall:P1} is below the floor");
    }

    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HoldoutSet_EmbeddedDefaultPipeline_MeetsQualityFloors(bool streaming)
    {
        RealDocsFigures figures = await RunAsync(RealDocsDevSet.HoldoutSet, streaming);

        // A REPORT, not a target: the held-out set is never tuned on (no rule, threshold or word list may be chosen by reading
        // its failures); it estimates what the maintainers' own held-out questions will see. Floors just below the figures
        // measured on 2026-12-07 on main's code (c220472), only to catch a regression: 46.8 % (29/62), 88.5 % (23/26),
        // 96.6 % (28/29), 34.4 % (22/64); failures listed in samples/PolicyAssistant/eval/realdocs-holdout-failures.md.
        // After the near-miss rules and cut-back lead-ins (2026-12-07): 46.8 -> 48.4 %, 88.5 -> 88.5 %, 96.6 -> 96.7 % (29/30),
        // 34.4 -> 34.4 %; answer floor 0.46 -> 0.48.
        // After the list-label item and the hard-wrapped negation, chosen on the dev and check sets (2026-12-07): 48.4 -> 50.0 %,
        // 88.5 -> 88.5 %, 96.7 -> 96.8 % (30/31), 34.4 -> 35.9 %; answer floor 0.48 -> 0.49, facts 0.34 -> 0.35.
        // After redacted dates read as time values and bracketed editorial notes never quoted, chosen on dev, check and dev2
        // (2026-12-07; dev 82.0 / 91.7 / 90.2 / 68.6 %, check and dev2 unchanged), totals only: 50.0 -> 51.6 %, 88.5 -> 88.5 %,
        // 96.8 -> 96.9 % (31/32), 35.9 -> 35.9 %; answer floor 0.49 -> 0.51.
        // After "Source:" provenance paragraphs were no longer quoted (2026-12-07 evening; no change on dev, check, dev2 or
        // check2; check3's one wrong-document answer became a refusal), totals only: 51.6 -> 50.0 %, 88.5 -> 88.5 %,
        // 96.9 -> 96.8 % (30/31), 35.9 -> 34.4 %: one answer lost here, while the default pipeline gained a key fact on this
        // set. Answer floor 0.51 -> 0.49, facts 0.35 -> 0.34.
        // 2026-12-07 evening (second session), a numbered-paragraph reference ("paragraph (b)(1) of this section") read as the
        // unit's context, chosen on the default pipeline's dev2 (no change on dev, check, dev2, check2 or check3 here), totals
        // only: 50.0 -> 51.6 %, 88.5 -> 88.5 %, 96.8 -> 96.9 % (31/32), 34.4 -> 35.9 %; answer floor 0.49 -> 0.51, facts
        // 0.34 -> 0.35.
        Assert.True(figures.AnswerRate >= 0.51, $"answer rate {figures.AnswerRate:P1} is below the floor");
        Assert.True(figures.RefusalRate >= 0.88, $"refusal rate {figures.RefusalRate:P1} is below the floor");
        Assert.True(figures.CitedCorrect >= 0.96, $"answers citing a gold document {figures.CitedCorrect:P1} is below the floor");
        Assert.True(figures.FactRecall >= 0.35, $"key-fact recall {figures.FactRecall:P1} is below the floor");
    }

    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dev2Set_EmbeddedDefaultPipeline_MeetsQualityFloors(bool streaming)
    {
        RealDocsFigures figures = await RunAsync(RealDocsDevSet.Dev2Set, streaming);

        // Floors just below the first measurement on 2026-12-07, before any tuning on this set: 54.5 % (18/33), 73.7 % (28/38),
        // 83.3 % (15/18), 39.4 % (13/33).
        // With the hard-wrapped negation merged (a "not" at a line end now covers the next line, so a faithful quote of it
        // passes the support check), one more unanswerable question is answered from a quote it now supports: refused
        // 73.7 -> 71.1 % (27/38), the rest unchanged; refusal floor 0.72 -> 0.70.
        // 2026-12-07, answer kinds the unit must offer (a clock time, a room, a postal address, a rate, someone to contact), a
        // redacted place that qualifies the question and no source holds, and "the next leave year" read as a year in
        // KindContrast: refused 71.1 -> 81.6 % (31/38), the rest unchanged (dev 82.0 / 91.7 / 90.2 / 68.6 and check
        // 19.6 / 95.8 / 80.0 / 15.7 unchanged); refusal floor 0.70 -> 0.81.
        Assert.True(figures.AnswerRate >= 0.53, $"answer rate {figures.AnswerRate:P1} is below the floor");
        Assert.True(figures.RefusalRate >= 0.81, $"refusal rate {figures.RefusalRate:P1} is below the floor");
        Assert.True(figures.CitedCorrect >= 0.82, $"answers citing a gold document {figures.CitedCorrect:P1} is below the floor");
        Assert.True(figures.FactRecall >= 0.38, $"key-fact recall {figures.FactRecall:P1} is below the floor");
    }

    [DatasetFact(Hipaa)]
    public Task Dev2Set_Questions_AreWellFormedAndTheirKeyFactsAppearInTheirGoldDocuments() =>
        // That no unanswerable question is answered anywhere in the corpus was checked by searching the corpora when the set
        // was written.
        AssertWellFormedAsync(RealDocsDevSet.Dev2Set, idPrefix: "d2", minimumAnswerable: 24, minimumUnanswerable: 36);

    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Check2Set_EmbeddedDefaultPipeline_MeetsQualityFloors(bool streaming)
    {
        RealDocsFigures figures = await RunAsync(RealDocsDevSet.Check2Set, streaming);

        // Floors just below the first measurement on 2026-12-07 (main 9539821): 66.7 % (20/30), 81.2 % (13/16), 80.0 % (16/20),
        // 46.7 % (14/30). After money superlatives, phone numbers and counts that end at "of" (chosen on this set, see the
        // hybrid test): refused 81.2 -> 100 % (16/16), the rest unchanged; refusal floor 0.81 -> 0.99.
        // 2026-12-07 (night), a kind the question stacks before the noun is no other kind: answered 66.7 -> 70.0 %, cites gold
        // 80.0 -> 81.0 %, facts 46.7 -> 50.0 %; floors answer 0.66 -> 0.69, cites gold 0.79 -> 0.80, facts 0.46 -> 0.49.
        Assert.True(figures.AnswerRate >= 0.69, $"answer rate {figures.AnswerRate:P1} is below the floor");
        Assert.True(figures.RefusalRate >= 0.99, $"refusal rate {figures.RefusalRate:P1} is below the floor");
        Assert.True(figures.CitedCorrect >= 0.80, $"answers citing a gold document {figures.CitedCorrect:P1} is below the floor");
        Assert.True(figures.FactRecall >= 0.49, $"key-fact recall {figures.FactRecall:P1} is below the floor");
    }

    [DatasetFact(Hipaa)]
    public Task Check2Set_Questions_AreWellFormedAndTheirKeyFactsAppearInTheirGoldDocuments() =>
        // That no unanswerable question is answered anywhere in the corpus was checked by searching the corpora when the set
        // was written.
        AssertWellFormedAsync(RealDocsDevSet.Check2Set, idPrefix: "x2", minimumAnswerable: 30, minimumUnanswerable: 16);

    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Check3Set_EmbeddedDefaultPipeline_MeetsQualityFloors(bool streaming)
    {
        RealDocsFigures figures = await RunAsync(RealDocsDevSet.Check3Set, streaming);

        // Floors just below the first measurement on 2026-12-07 (main 3c394a4, before any rule it judges): 75.0 % (21/28),
        // 68.8 % (11/16), 81.0 % (17/21), 57.1 % (16/28).
        // The same day, "Source:" provenance paragraphs never quoted: x3h13's wrong-document answer became a refusal
        // (answered 75.0 -> 71.4 %, citing gold 81.0 -> 85.0 %) and the channel template tag is quoted as "#tweet-this"
        // (facts 57.1 -> 60.7 %); answer floor 0.74 -> 0.71, citing 0.80 -> 0.84, facts 0.57 -> 0.60.
        // 2026-12-07 (night, third session), a lead time is not a time counted from the event (AnswerKinds): refused
        // 68.8 -> 75.0 % (12/16; x3u01), the other figures unchanged; refusal floor 0.68 -> 0.75.
        // 2026-12-08, a question for a fine or a penalty needs a unit stating a sanction (AnswerKinds): refused 75.0 -> 81.2 %
        // (13/16), the other figures unchanged; refusal floor 0.75 -> 0.81.
        Assert.True(figures.AnswerRate >= 0.71, $"answer rate {figures.AnswerRate:P1} is below the floor");
        Assert.True(figures.RefusalRate >= 0.81, $"refusal rate {figures.RefusalRate:P1} is below the floor");
        Assert.True(figures.CitedCorrect >= 0.84, $"answers citing a gold document {figures.CitedCorrect:P1} is below the floor");
        Assert.True(figures.FactRecall >= 0.60, $"key-fact recall {figures.FactRecall:P1} is below the floor");
    }

    [DatasetFact(Hipaa)]
    public Task Check3Set_Questions_AreWellFormedAndTheirKeyFactsAppearInTheirGoldDocuments() =>
        // That no unanswerable question is answered anywhere in the corpus was checked by searching the corpora when the set
        // was written.
        AssertWellFormedAsync(RealDocsDevSet.Check3Set, idPrefix: "x3", minimumAnswerable: 28, minimumUnanswerable: 16);

    [DatasetFact(Hipaa)]
    public Task HoldoutSet_Questions_AreWellFormedAndTheirKeyFactsAppearInTheirGoldDocuments() =>
        // That no unanswerable question is answered anywhere in the corpus was checked by searching when the set was written
        // (samples/PolicyAssistant/eval/realdocs-holdout-failures.md).
        AssertWellFormedAsync(RealDocsDevSet.HoldoutSet, idPrefix: "h", minimumAnswerable: 44, minimumUnanswerable: 22);

    /// <summary>
    /// A question set checks itself: ids by kind (<paramref name="idPrefix"/> then h/g answerable on HIPAA/GSA, u
    /// unanswerable), enough of each, gold ids that the loader gives the corpus's documents, and every key fact present in
    /// one of its gold documents (the same comparison the evaluation makes on answers: case and white space ignored).
    /// </summary>
    private static async Task AssertWellFormedAsync(string set, string idPrefix, int minimumAnswerable, int minimumUnanswerable)
    {
        Assert.NotNull(Datasets.Find(Gsa));
        IReadOnlyList<RealDocsQuestion> questions = RealDocsDevSet.Load(set);
        Assert.Equal(questions.Count, questions.Select(q => q.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.True(questions.Count(q => q.Answerable) >= minimumAnswerable, $"at least {minimumAnswerable} answerable questions");
        Assert.True(questions.Count(q => !q.Answerable) >= minimumUnanswerable, $"at least {minimumUnanswerable} unanswerable questions");
        foreach (IGrouping<string, RealDocsQuestion> corpus in questions.GroupBy(q => q.Corpus))
        {
            Dictionary<string, string> texts = (await RealDocsDevSet.LoadCorpusAsync(Datasets.Find(RealDocsDevSet.Corpora[corpus.Key])!))
                .ToDictionary(d => d.Id, d => d.Text, StringComparer.Ordinal);
            foreach (RealDocsQuestion question in corpus)
            {
                if (!question.Answerable)
                {
                    Assert.StartsWith(idPrefix + "u", question.Id, StringComparison.Ordinal);
                    Assert.Empty(question.Gold);
                    continue;
                }

                Assert.StartsWith(idPrefix + (corpus.Key == "hipaa" ? "h" : "g"), question.Id, StringComparison.Ordinal);
                Assert.NotEmpty(question.Facts);
                Assert.All(question.Gold, gold => Assert.True(texts.ContainsKey(gold), $"{question.Id}: no document '{gold}' in the corpus"));
                Assert.All(question.Facts, fact => Assert.True(
                    question.Gold.Any(gold => RealDocsQuestion.Contains(texts[gold], fact)),
                    $"{question.Id}: key fact '{fact}' appears in none of its gold documents"));
            }
        }
    }

    [DatasetFact(Hipaa)]
    public async Task DevSet_EvidenceGate_ReportsPrecisionRecallCurve()
    {
        double recall = await ReportGateCurveAsync(RealDocsDevSet.DevSet);
        Assert.True(recall >= 0.70, $"the gate passes {recall:P1} of answerable questions at the configured threshold");
    }

    [DatasetFact(Hipaa)]
    public async Task CheckSet_EvidenceGate_ReportsPrecisionRecallCurve()
    {
        double recall = await ReportGateCurveAsync(RealDocsDevSet.CheckSet);

        // Measured on 2026-12-07: 41.2 % of the check set's answerable questions pass at the configured 0.45 (the dev set: 94 %).
        Assert.True(recall >= 0.37, $"the gate passes {recall:P1} of answerable questions at the configured threshold");
    }

    private async Task<RealDocsFigures> RunAsync(string set, bool streaming)
    {
        var indexes = new List<InMemoryBm25Index>();
        try
        {
            RealDocsFigures figures = await RealDocsEvaluation.RunAsync(set, streaming, async (_, documents) =>
            {
                var index = new InMemoryBm25Index(RealDocsEvaluation.SampleBm25Options());
                indexes.Add(index);
                (await new DocumentIngestor([index]).IngestAsync(documents)).ThrowIfFailed();
                return index;
            });
            output.WriteLine(figures.Report);
            return figures;
        }
        finally
        {
            indexes.ForEach(i => i.Dispose());
        }
    }

    private async Task<double> ReportGateCurveAsync(string set)
    {
        // The gate alone: the evidence figure (coverage of the question's content by one of the top passages) for every
        // question, with the sample's BM25 settings (query vocabulary included) and no threshold.
        Assert.NotNull(Datasets.Find(Gsa));
        IReadOnlyList<RealDocsQuestion> questions = RealDocsDevSet.Load(set);
        var figures = new List<(bool Answerable, double Coverage, bool GoldInTop)>();
        foreach (IGrouping<string, RealDocsQuestion> corpus in questions.GroupBy(q => q.Corpus))
        {
            using var index = new InMemoryBm25Index(RealDocsEvaluation.SampleBm25Options(minimumTermCoverage: 0));
            (await new DocumentIngestor([index]).IngestAsync(await RealDocsDevSet.LoadCorpusAsync(Datasets.Find(RealDocsDevSet.Corpora[corpus.Key])!))).ThrowIfFailed();
            ChunkSearchFilter filter = ChunkSearchFilter.ForCaller(new CallerContext("eval-user", ["staff"]));
            foreach (RealDocsQuestion question in corpus)
            {
                ChunkSearchResult result = index.Search(question.Question, filter, 4);
                bool goldInTop = result.Hits.Any(h => question.Gold.Contains(h.Chunk.DocumentId));
                figures.Add((question.Answerable, result.EvidenceCoverage ?? 0, goldInTop));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{question.Id} coverage={result.EvidenceCoverage:F2} gold-in-top4={goldInTop}"));
            }
        }

        int answerable = figures.Count(f => f.Answerable), unanswerable = figures.Count - answerable;
        output.WriteLine($"set={set}");
        output.WriteLine("threshold | answerable passed | unanswerable blocked | precision of 'evidence' | answerable passed with gold in top 4");
        foreach (double threshold in new[] { 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8 })
        {
            int passed = figures.Count(f => f.Answerable && f.Coverage >= threshold);
            int blocked = figures.Count(f => !f.Answerable && f.Coverage < threshold);
            int wronglyPassed = unanswerable - blocked;
            int passedWithGold = figures.Count(f => f.Answerable && f.Coverage >= threshold && f.GoldInTop);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{threshold,9:F2} | {passed,2}/{answerable} = {RealDocsEvaluation.Ratio(passed, answerable),6:P1} | {blocked,2}/{unanswerable} = {RealDocsEvaluation.Ratio(blocked, unanswerable),6:P1} | {RealDocsEvaluation.Ratio(passed, passed + wronglyPassed),6:P1} | {passedWithGold,2}"));
        }

        double defaultThreshold = RealDocsEvaluation.SampleBm25Options().MinimumTermCoverage;
        return RealDocsEvaluation.Ratio(figures.Count(f => f.Answerable && f.Coverage >= defaultThreshold), answerable);
    }
}
