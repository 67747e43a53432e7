using System.Globalization;
using Compliant.AI.Tests.Grounding.Evaluation;
using Xunit.Abstractions;

namespace Compliant.AI.Tests.Retrieval.Evaluation;

/// <summary>
/// The real-documents development set and, separately, the independent check set (<c>realdocs-check.jsonl</c>, never
/// tuned on) and the held-out set (<c>realdocs-holdout.jsonl</c>, never tuned on, reported) through the same pipeline as <c>RealDocsEvaluationTests</c>, with the
/// PolicyAssistant's hybrid retrieval: BM25 (the sample's settings) fused with MiniLM dense retrieval, evidence when the
/// lexical coverage passes its threshold or the best passage's cosine similarity reaches
/// <c>Compliant:Retrieval:Dense:MinimumSimilarity</c>. Skipped without ../shared/data.
/// </summary>
/// <remarks>
/// Run: <c>dotnet test tests/Compliant.AI.Embeddings.MiniLM.Tests --filter "FullyQualifiedName~RealDocsHybrid" --logger "console;verbosity=detailed"</c>.
/// Chunk vectors are cached under the temp folder (<c>compliant-ai-eval/realdocs-minilm.bin</c>), keyed by the text's SHA-256.
/// </remarks>
public sealed class RealDocsHybridEvaluationTests(ITestOutputHelper output)
{
    private const string Hipaa = "policy-kb-hipaa";
    private const string Gsa = "policy-kb-gsa-tts-handbook";

    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DevSet_HybridPipeline_MeetsQualityFloors(bool streaming)
    {
        RealDocsFigures figures = await RunHybridAsync(RealDocsDevSet.DevSet, streaming, semanticModel: false);

        // Floors just below the figures measured on 2026-12-05 (50 %, 91.7 %, 92.0 %, 29.4 %; docs/grounding.md, "Evidence gate").
        // 2026-12-07, sentence-level dense evidence (3 passages, cosine >= 0.52): 74.0 -> 76.0 % answered (g23 passes the
        // gate), refused 95.8 -> 95.8 %, cites gold 91.9 -> 92.1 %, facts 58.8 -> 58.8 %; the answer floor 0.70 -> 0.74.
        // 2026-12-07, a paragraph closing on a list label quotes the first item, and a negation hard-wrapped onto the next
        // line covers it in the evidence: facts 58.8 -> 60.8 % (g23), the other figures unchanged; facts floor 0.50 -> 0.60.
        // 2026-12-07, redacted dates read as time values, placeholders embedded as their kind, bracketed editorial notes never
        // quoted: facts 60.8 -> 62.7 %, the other figures unchanged; facts floor 0.60 -> 0.62.
        Assert.True(figures.AnswerRate >= 0.74, $"answer rate {figures.AnswerRate:P1} is below the floor");
        Assert.True(figures.RefusalRate >= 0.93, $"refusal rate {figures.RefusalRate:P1} is below the floor");
        Assert.True(figures.CitedCorrect >= 0.86, $"answers citing a gold document {figures.CitedCorrect:P1} is below the floor");
        Assert.True(figures.FactRecall >= 0.62, $"key-fact recall {figures.FactRecall:P1} is below the floor");
    }

    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DevSet_HybridPipelineSemanticModel_MeetsQualityFloors(bool streaming)
    {
        // The same hybrid pipeline, with the extractive model also weighing each unit's MiniLM similarity to the question.
        RealDocsFigures figures = await RunHybridAsync(RealDocsDevSet.DevSet, streaming, semanticModel: true);

        // Floors just below the figures measured on 2026-12-07 with the default weight, after the value-cue, list and
        // subject fixes (88.0 %, 95.8 %, 88.6 %, 68.6 %; before them 86.0 %, 95.8 %, 90.7 %, 64.7 %; docs/grounding.md,
        // "Semantic sentence choice").
        // 0.87 -> 0.85 when a passage's opening fragment (cut by the chunk boundary) stopped being quoted: h02's answer was
        // "applicable, provides the individual with a written statement ..." without the key fact; now declined (86.0 %,
        // 95.8 %, 88.4 %, 68.6 %).
        // Sentence-level dense evidence (3 passages, cosine >= 0.52), 2026-12-07: 86.0 -> 88.0 % answered (g23), 95.8 -> 95.8 %
        // refused, 88.4 -> 88.6 % cites gold, 68.6 -> 68.6 % facts; the answer floor 0.85 -> 0.87.
        // 2026-12-07, question words said with a synonym count for support (ParaphraseSimilarity 0.65) and lead-ins are cut
        // back to the items that pass the self-check: h13 answered with its key fact (88.0 %, 95.8 %, 88.6 %, 70.6 %);
        // answer floor 0.85 -> 0.87, facts 0.68 -> 0.70.
        // Sentence evidence, near-miss rules and question words said with a synonym merged together (2026-12-07):
        // 90.0 %, 95.8 %, 88.9 % of 45 answers, 70.6 %; answer floor 0.87 -> 0.89.
        // 2026-12-07, list label followed by its first item, hard-wrapped negation in the evidence: facts 70.6 -> 72.5 % (g23),
        // the other figures unchanged; facts floor 0.70 -> 0.72.
        // 2026-12-07, answer kinds, places and subjects the answer never names, the leave year in KindContrast (chosen on dev,
        // check and dev2; no answer lost on any): refused 95.8 -> 100 % (u23, a group of people the answer for the reader
        // never names), the other figures unchanged; refusal floor 0.95 -> 0.99.
        // 2026-12-07, question words said with a synonym rank units too (not rule words, not a synonym naming another kind):
        // 90.0 -> 92.0 % answered (h19, h22), 100 -> 100 %, 88.9 -> 91.3 % cites gold, 72.5 -> 76.5 % facts; floors answer
        // 0.89 -> 0.91, cites gold 0.88 -> 0.90, facts 0.72 -> 0.75.
        // 2026-12-07, fixture: g01's fact "1 hour" also accepts "one hour", as the corpus and the answer write it: facts
        // 76.5 -> 78.4 %, the other figures unchanged; facts floor 0.75 -> 0.78.
        // 2026-12-08, a passage whose chunk opens inside a sentence carries the chunk before it (Hybrid:JoinCutSentences):
        // 92.0 -> 94.0 % answered, 91.3 -> 89.4 % citing gold (42/46 -> 42/47: h02, refused before, is now answered from
        // 164.526 with the amendment deadline), facts 78.4 % unchanged; cites-gold floor 0.90 -> 0.89 (docs/grounding.md,
        // "Chunks cut inside a sentence").
        // 2026-12-08, a passage shorter than 200 characters carries the chunk after it (Hybrid:MinimumPassageCharacters):
        // 94.0 -> 96.0 % answered, 89.4 -> 89.6 % citing gold, facts 78.4 -> 80.4 % (g12 answered with "two weeks");
        // floors answer 0.91 -> 0.95, facts 0.78 -> 0.80.
        Assert.True(figures.AnswerRate >= 0.95, $"answer rate {figures.AnswerRate:P1} is below the floor");
        Assert.True(figures.RefusalRate >= 0.99, $"refusal rate {figures.RefusalRate:P1} is below the floor");
        Assert.True(figures.CitedCorrect >= 0.89, $"answers citing a gold document {figures.CitedCorrect:P1} is below the floor");
        Assert.True(figures.FactRecall >= 0.80, $"key-fact recall {figures.FactRecall:P1} is below the floor");
    }

    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CheckSet_HybridPipeline_MeetsQualityFloors(bool streaming)
    {
        RealDocsFigures figures = await RunHybridAsync(RealDocsDevSet.CheckSet, streaming, semanticModel: false);

        // Floors a few points below the figures measured on 2026-12-07, before any tuning on this set (19.6 %, 70.8 %,
        // 100 % of 10 answers, 11.8 %); after the extractive model's value cue and list units were fixed: 19.6 %, 70.8 %,
        // 90.0 % of 10 answers, 15.7 %. With the dense evidence threshold at 0.50 (was 0.55): 23.5 %, 75.0 %, 83.3 % of 12
        // answers, 17.6 % (the citation floor was lowered from 0.89: two more answers, one of them on another document).
        // Sentence-level dense evidence (3 passages, cosine >= 0.52), 2026-12-07: 23.5 -> 25.5 %, 75.0 -> 75.0 %,
        // 83.3 -> 84.6 % of 13 answers, 17.6 -> 17.6 %; the answer floor 0.22 -> 0.24.
        // Refusal floor 0.72 -> 0.95 on 2026-12-07 when the extractive model began refusing near misses: 75.0 % -> 100 %.
        // 2026-12-07, list label followed by its first item, hard-wrapped negation in the evidence: facts 17.6 -> 19.6 %,
        // the other figures unchanged; facts floor 0.14 -> 0.19.
        Assert.True(figures.AnswerRate >= 0.24, $"answer rate {figures.AnswerRate:P1} is below the floor");
        Assert.True(figures.RefusalRate >= 0.95, $"refusal rate {figures.RefusalRate:P1} is below the floor");
        Assert.True(figures.CitedCorrect >= 0.80, $"answers citing a gold document {figures.CitedCorrect:P1} is below the floor");
        Assert.True(figures.FactRecall >= 0.19, $"key-fact recall {figures.FactRecall:P1} is below the floor");
    }

    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Check2Set_HybridPipelineSemanticModel_MeetsQualityFloors(bool streaming)
    {
        // The default pipeline on the second check set (realdocs-check2.jsonl): written on 2026-12-07 while the refusal and
        // answer rules of that afternoon were being built, and used only to decide whether to take them.
        RealDocsFigures figures = await RunHybridAsync(RealDocsDevSet.Check2Set, streaming, semanticModel: true);

        // Floors just below the first measurement on 2026-12-07 (main 9539821): 80.0 % (24/30), 56.2 % (9/16), 87.5 % (21/24),
        // 50.0 % (15/30). Unchanged by the two branches merged the same afternoon (answer kinds, redacted places and subjects;
        // redacted dates as time values): the answer kinds fit dev2's forms, none of this set's.
        // Then, chosen on this set (so it is no longer an independent check): "how large" and money superlatives ("the largest
        // bounty") ask for an amount, honorarium/stipend/allowance/subsidy/compensation are money words, "what is the fax
        // number" asks for a telephone number, and a count ends at "of" ("two types of channels" counts types): refused
        // 56.2 -> 81.2 % (13/16; x2u02, x2u05, x2u06, x2u08), the rest unchanged here and on dev, check, dev2 and held-out;
        // refusal floor 0.56 -> 0.80.
        // 2026-12-07, question words said with a synonym rank units too: facts 50.0 -> 53.3 % (x2g14), the rest unchanged;
        // facts floor 0.49 -> 0.52.
        // 2026-12-07, "who" after a clause asks for someone ("..., who looks at it next?"): facts 53.3 -> 56.7 % (x2g02), the
        // other figures unchanged; facts floor 0.52 -> 0.56.
        // 2026-12-07 (night), a kind the question stacks before the noun is no other kind ("private Slack channel"): answered
        // 80.0 -> 86.7 % (x2g17 with its fact, x2g09 without), cites gold 87.5 -> 88.5 %, facts 56.7 -> 60.0 %; floors answer
        // 0.79 -> 0.86, cites gold 0.87 -> 0.88, facts 0.56 -> 0.59.
        Assert.True(figures.AnswerRate >= 0.86, $"answer rate {figures.AnswerRate:P1} is below the floor");
        Assert.True(figures.RefusalRate >= 0.80, $"refusal rate {figures.RefusalRate:P1} is below the floor");
        Assert.True(figures.CitedCorrect >= 0.88, $"answers citing a gold document {figures.CitedCorrect:P1} is below the floor");
        Assert.True(figures.FactRecall >= 0.59, $"key-fact recall {figures.FactRecall:P1} is below the floor");
    }

    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Check3Set_HybridPipelineSemanticModel_MeetsQualityFloors(bool streaming)
    {
        // The default pipeline on the third check set (realdocs-check3.jsonl): written on the evening of 2026-12-07 before
        // that evening's rules were merged, and used only to decide whether to take them.
        RealDocsFigures figures = await RunHybridAsync(RealDocsDevSet.Check3Set, streaming, semanticModel: true);

        // Floors just below the first measurement on 2026-12-07 (main 3c394a4, before any rule it judges): 82.1 % (23/28),
        // 43.8 % (7/16), 87.0 % (20/23), 64.3 % (18/28). Refusals sit far below dev's: most near misses here name a thing
        // the quoted sentence never mentions ("the fine", "visitor logs", "AES-256", "GSA email account").
        // The same day, the channel template tag quoted as "#tweet-this" instead of dropped: facts 64.3 -> 67.9 % (x3g14);
        // facts floor 0.64 -> 0.67. "Source:" provenance paragraphs never quoted changed nothing here.
        // 2026-12-07 (night, third session), a lead time is not a time counted from the event (AnswerKinds): refused
        // 43.8 -> 50.0 % (8/16; x3u07), the other figures unchanged; refusal floor 0.43 -> 0.50.
        // 2026-12-07 (night), a subject that runs into its verb names no thing ("What should an organization weigh ..."):
        // answered 82.1 -> 85.7 %, cites gold 87.0 -> 87.5 %, facts 67.9 -> 71.4 % (x3h06); floors answer 0.82 -> 0.85,
        // cites gold 0.86 -> 0.87, facts 0.67 -> 0.71.
        // 2026-12-08, Hybrid:JoinCutSentences: 87.5 -> 91.7 % citing gold (x3h11 now cites 164.402); floor 0.87 -> 0.91.
        // 2026-12-08, a question for a fine or a penalty needs a unit stating a sanction (AnswerKinds): refused 50.0 -> 62.5 %
        // (10/16; x3u05, x3u10), the other figures unchanged; refusal floor 0.50 -> 0.62.
        Assert.True(figures.AnswerRate >= 0.85, $"answer rate {figures.AnswerRate:P1} is below the floor");
        Assert.True(figures.RefusalRate >= 0.62, $"refusal rate {figures.RefusalRate:P1} is below the floor");
        Assert.True(figures.CitedCorrect >= 0.91, $"answers citing a gold document {figures.CitedCorrect:P1} is below the floor");
        // 2026-12-08, Hybrid:MinimumPassageCharacters 200: facts 71.4 -> 75.0 % (x3g02's "two weeks"); floor 0.71 -> 0.74.
        Assert.True(figures.FactRecall >= 0.74, $"key-fact recall {figures.FactRecall:P1} is below the floor");
    }

    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dev2Set_HybridPipelineSemanticModel_MeetsQualityFloors(bool streaming)
    {
        // The default pipeline on the second development set (realdocs-dev2.jsonl, written to tune refusals of on-topic
        // questions the corpora do not answer).
        RealDocsFigures figures = await RunHybridAsync(RealDocsDevSet.Dev2Set, streaming, semanticModel: true);

        // Floors just below the first measurement on 2026-12-07, before any tuning on this set: 78.8 % (26/33), 42.1 % (16/38),
        // 92.3 % (24/26), 57.6 % (19/33). The dev and check sets read 95.8 % refused on the same code: their near-miss rules
        // fit their own kinds of near miss.
        // 2026-12-07, the extractive model declines a value stated for another kind of the asked thing (KindContrast) and a
        // question naming a thing no retrieved passage names (AskedThings): refused 42.1 -> 60.5 % (23/38; d2u01, d2u02,
        // d2u06, d2u18, d2u19, d2u20, d2u37), the other figures unchanged; refusal floor 0.41 -> 0.59.
        // 2026-12-07, answer kinds the unit must offer (clock time d2u12, room d2u13, postal address d2u09, hourly rate d2u07,
        // someone to contact d2u08), a redacted place that qualifies the question and no source holds (d2u16), a group of
        // people the answer for the reader never names (d2u05) and "the next leave year" read as a year in KindContrast
        // (d2u04): refused 60.5 -> 81.6 % (31/38), the other figures unchanged (no answer lost on dev, check or dev2);
        // refusal floor 0.59 -> 0.81.
        // 2026-12-07, question words said with a synonym rank units too: facts 57.6 -> 60.6 % (d2g07), the rest unchanged;
        // facts floor 0.56 -> 0.59.
        // 2026-12-07 (evening, second session), a unit naming its subject only by a reference to a numbered paragraph of the
        // same section reads that paragraph's words (d2h07: "Retain the documentation required by paragraph (b)(1) ... for
        // 6 years"): answered 78.8 -> 81.8 % (27/33), cites gold 92.3 -> 92.6 % (25/27), facts 60.6 -> 63.6 % (21/33), refused
        // unchanged; floors answer 0.77 -> 0.80, facts 0.59 -> 0.62.
        // 2026-12-07 (night, third session), "how many hours of overtime" counts hours of overtime (AskedThings): refused
        // 81.6 -> 86.8 % (33/38; d2u27, d2u33), the other figures unchanged; refusal floor 0.81 -> 0.86.
        Assert.True(figures.AnswerRate >= 0.80, $"answer rate {figures.AnswerRate:P1} is below the floor");
        Assert.True(figures.RefusalRate >= 0.86, $"refusal rate {figures.RefusalRate:P1} is below the floor");
        Assert.True(figures.CitedCorrect >= 0.91, $"answers citing a gold document {figures.CitedCorrect:P1} is below the floor");
        Assert.True(figures.FactRecall >= 0.62, $"key-fact recall {figures.FactRecall:P1} is below the floor");
    }

    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CheckSet_HybridPipelineSemanticModel_MeetsQualityFloors(bool streaming)
    {
        RealDocsFigures figures = await RunHybridAsync(RealDocsDevSet.CheckSet, streaming, semanticModel: true);

        // Floors a few points below the figures measured on 2026-12-07, before any tuning on this set (56.9 %, 62.5 %,
        // 86.2 % of 29 answers, 29.4 %); the dev set reads 86.0 / 95.8 / 90.7 / 64.7 on the same pipeline. After the
        // extractive model's value cue stopped taking "once", "each" and "one or more" for a value and lead-ins began to
        // carry their lists: 52.9 %, 66.7 %, 85.2 % of 27, 35.3 % (dev 86.0 / 95.8 / 88.4 / 64.7). The answer-rate floor was
        // lowered from 0.53: the two answers lost had both missed the key fact; three more answers hold it. With the
        // subject rule for similarity merged as well: 51.0 %, 75.0 %, 84.6 % of 26, 33.3 % (refusal floor raised to 0.72).
        // With the dense evidence threshold at 0.50 (was 0.55): 58.8 %, 75.0 %, 83.3 % of 30, 39.2 %.
        // Sentence-level dense evidence (3 passages, cosine >= 0.52), 2026-12-07: 58.8 -> 60.8 %, 75.0 -> 75.0 %,
        // 83.3 -> 83.9 % of 31 answers, 39.2 -> 39.2 % (ch04 answered, its fact missed; ch16, cg27 and cu01 now reach the
        // model, which declines them); the answer floor 0.57 -> 0.59.
        // Refusal floor 0.72 -> 0.93 on 2026-12-07 when the extractive model began refusing near misses (a value of another
        // kind or for another subject): refused 75.0 % -> 95.8 % (cu05, cu12, cu13, cu15, cu17), the other figures unchanged.
        // With question words said with a synonym counted for support and lead-ins cut back to the items that pass the
        // self-check: 62.7 %, 75.0 %, 84.4 % of 32, 43.1 % (ch14 and cg01 answered with their key facts); answer floor
        // 0.57 -> 0.61, facts 0.38 -> 0.42.
        // The three merged together (2026-12-07): 64.7 %, 95.8 %, 84.8 % of 33 answers, 43.1 %; answer floor 0.61 -> 0.63,
        // refusal floor 0.93 -> 0.95.
        // 2026-12-07, a paragraph closing on a list label ("Consider:") quotes the list's first item (cg18) and a negation
        // hard-wrapped onto the next line covers it in the evidence (cg07): facts 43.1 -> 47.1 %, the other figures
        // unchanged; facts floor 0.42 -> 0.46.
        // 2026-12-07, a redacted date (<DATE_TIME_n>) answers a time question (ch09), a source's placeholder is embedded as
        // its kind (cg26: "between <DATE_TIME_1> - <DATE_TIME_2>" now found), bracketed editorial notes are never quoted:
        // 64.7 -> 66.7 %, 95.8 -> 95.8 %, 84.8 -> 88.2 % (30/34), 47.1 -> 51.0 %; floors answer 0.63 -> 0.65, cites gold
        // 0.82 -> 0.86, facts 0.46 -> 0.50.
        // 2026-12-07 evening, "who" after a clause asks for someone: no change here (cg09's fact needed the page-description
        // rule too, which was not taken: see docs/grounding.md).
        Assert.True(figures.AnswerRate >= 0.65, $"answer rate {figures.AnswerRate:P1} is below the floor");
        Assert.True(figures.RefusalRate >= 0.95, $"refusal rate {figures.RefusalRate:P1} is below the floor");
        Assert.True(figures.CitedCorrect >= 0.86, $"answers citing a gold document {figures.CitedCorrect:P1} is below the floor");
        Assert.True(figures.FactRecall >= 0.50, $"key-fact recall {figures.FactRecall:P1} is below the floor");
    }

    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HoldoutSet_HybridPipeline_MeetsQualityFloors(bool streaming)
    {
        RealDocsFigures figures = await RunHybridAsync(RealDocsDevSet.HoldoutSet, streaming, semanticModel: false);

        // A REPORT: the held-out set is never tuned on (no rule, threshold or word list may be chosen by reading its failures).
        // Floors just below the figures measured on 2026-12-07 on main's code (c220472): 35.5 % (22/62), 80.8 % (21/26),
        // 100 % (22/22), 21.9 % (14/64); failures listed in samples/PolicyAssistant/eval/realdocs-holdout-failures.md.
        // After the same three changes (2026-12-07): 35.5 -> 37.1 %, 80.8 -> 88.5 %, 100 % (23/23), 21.9 -> 21.9 %.
        // After the list-label item and the hard-wrapped negation, chosen on the dev and check sets (2026-12-07): 37.1 -> 38.7 %,
        // 88.5 -> 88.5 %, 100 % (24/24), 21.9 -> 23.4 %; answer floor 0.36 -> 0.38, facts 0.21 -> 0.23.
        // After redacted dates read as time values and bracketed notes never quoted, chosen on dev, check and dev2
        // (2026-12-07), totals only: 38.7 -> 40.3 %, 88.5 -> 88.5 %, 100 % (25/25), 23.4 -> 25.0 %; answer floor
        // 0.38 -> 0.40, facts 0.23 -> 0.24.
        Assert.True(figures.AnswerRate >= 0.40, $"answer rate {figures.AnswerRate:P1} is below the floor");
        Assert.True(figures.RefusalRate >= 0.88, $"refusal rate {figures.RefusalRate:P1} is below the floor");
        Assert.True(figures.CitedCorrect >= 0.99, $"answers citing a gold document {figures.CitedCorrect:P1} is below the floor");
        Assert.True(figures.FactRecall >= 0.24, $"key-fact recall {figures.FactRecall:P1} is below the floor");
    }

    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HoldoutSet_HybridPipelineSemanticModel_MeetsQualityFloors(bool streaming)
    {
        // The default pipeline: what the maintainers' held-out questions will meet.
        RealDocsFigures figures = await RunHybridAsync(RealDocsDevSet.HoldoutSet, streaming, semanticModel: true);

        // A REPORT: the held-out set is never tuned on (no rule, threshold or word list may be chosen by reading its failures).
        // Floors just below the figures measured on 2026-12-07 on main's code (c220472): 71.0 % (44/62), 65.4 % (17/26),
        // 95.5 % (42/44), 50.0 % (32/64) against the issue's 75 / 85 / 90 / 60; failures listed in
        // samples/PolicyAssistant/eval/realdocs-holdout-failures.md.
        // After sentence evidence, near-miss rules and question words said with a synonym, all chosen on the dev and check
        // sets (2026-12-07): 71.0 -> 75.8 %, 65.4 -> 69.2 %, 95.5 -> 95.7 % (45/47), 50.0 -> 51.6 %. The near-miss rules took
        // the check set's refusals from 75.0 to 95.8 % but this set's only by one question: read that gap, do not close it here.
        // After the list-label item and the hard-wrapped negation, chosen on the dev and check sets (2026-12-07): 75.8 -> 75.8 %,
        // 69.2 -> 69.2 %, 95.7 -> 95.7 % (45/47), 51.6 -> 53.1 % (33 -> 34 of 64); facts floor 0.51 -> 0.53.
        // After KindContrast and AskedThings, chosen on dev, check and dev2 (no answer lost there; 2026-12-07), totals only:
        // 75.8 -> 72.6 % (45/62), 69.2 -> 73.1 % (19/26), 95.7 -> 97.8 % (44/45), 51.6 -> 50.0 % (32/64); floors
        // answer 0.75 -> 0.72, refusal 0.69 -> 0.73, facts 0.51 -> 0.49.
        // Both branches merged (list-label item, hard-wrapped negation, KindContrast, AskedThings; 2026-12-07), totals only:
        // 72.6 % (45/62), 73.1 % (19/26), 97.8 % (44/45), 51.6 % (33/64); floors 0.72 / 0.73 / 0.95 / 0.51.
        // After answer kinds, redacted places, subjects and the leave year in KindContrast, chosen on dev, check and dev2
        // (2026-12-07), totals only: 72.6 -> 72.6 %, 73.1 -> 76.9 % (20/26), 97.8 -> 97.8 %, 51.6 -> 51.6 %; refusal floor
        // 0.73 -> 0.76.
        // After redacted dates read as time values, placeholders embedded as their kind and bracketed editorial notes never
        // quoted, chosen on dev, check and dev2 (2026-12-07), totals only: 72.6 -> 72.6 %, 73.1 -> 73.1 %, 97.8 -> 100 %
        // (45/45), 51.6 -> 53.1 % (34/64); floors cites gold 0.95 -> 0.97, facts 0.51 -> 0.52.
        // Both branches merged (2026-12-07), totals only: 72.6 % (45/62), 76.9 % (20/26), 100 % (45/45), 53.1 % (34/64); the
        // money superlatives, phone numbers and "N types of" counts chosen on check2 after it change none of them.
        // 2026-12-07, question words said with a synonym rank units too (chosen on dev/check/dev2/check2, read here after):
        // 72.6 -> 74.2 %, 76.9 -> 76.9 %, 100 -> 100 %, 53.1 -> 54.7 %; floors unchanged.
        // All of the afternoon merged (main c531163), totals only: 74.2 % (46/62), 76.9 % (20/26), 100 % (46/46), 54.7 % (35/64);
        // floors 0.72 -> 0.74, 0.97 -> 0.99, 0.52 -> 0.54.
        // 2026-12-07 evening, "Source:" provenance paragraphs never quoted and channel template tags quoted as "#name", chosen
        // on check3 (no change on dev, check, dev2 or check2), totals only: 74.2 / 76.9 / 100 / 54.7 -> 74.2 / 76.9 / 100 /
        // 56.2 % (36/64); facts floor 0.54 -> 0.56.
        // 2026-12-07 evening (second session), a numbered-paragraph reference read as the unit's context, chosen on dev2 (no
        // change on dev, check, check2 or check3), totals only: 74.2 / 76.9 / 100 / 56.2 -> 75.8 % (47/62) / 76.9 % /
        // 100 % (47/47) / 57.8 % (37/64); floors answer 0.74 -> 0.75, facts 0.56 -> 0.57.
        // 2026-12-08, a passage whose chunk opens inside a sentence carries the chunk before it (Hybrid:JoinCutSentences;
        // traced on the tuning sets' d2h11 and h02), totals only: 75.8 / 76.9 / 100 / 57.8 -> 77.4 % (48/62) / 76.9 % /
        // 100 % (48/48) / 59.4 % (38/64); floors answer 0.75 -> 0.77, facts 0.57 -> 0.59.
        Assert.True(figures.AnswerRate >= 0.77, $"answer rate {figures.AnswerRate:P1} is below the floor");
        Assert.True(figures.RefusalRate >= 0.76, $"refusal rate {figures.RefusalRate:P1} is below the floor");
        Assert.True(figures.CitedCorrect >= 0.99, $"answers citing a gold document {figures.CitedCorrect:P1} is below the floor");
        Assert.True(figures.FactRecall >= 0.59, $"key-fact recall {figures.FactRecall:P1} is below the floor");
    }

    [DatasetFact(Hipaa)]
    public async Task DevSet_HybridEvidence_ReportsCurve()
    {
        double passed = await ReportHybridCurveAsync(RealDocsDevSet.DevSet);

        // Measured on 2026-12-07: 96.0 % of the dev set's answerable questions pass the shipped gate; with sentence evidence
        // (3 passages, 0.52) still 96.0 %, and it still blocks 11 of 24 unanswerable ones (45.8 %).
        Assert.True(passed >= 0.92, $"the hybrid gate passes {passed:P1} of answerable questions at the configured thresholds");
    }

    [DatasetFact(Hipaa)]
    public async Task CheckSet_HybridEvidence_ReportsCurve()
    {
        double passed = await ReportHybridCurveAsync(RealDocsDevSet.CheckSet);

        // Measured on 2026-12-07: 58.8 % of the check set's answerable questions pass the shipped gate (coverage >= 0.45 OR
        // similarity >= 0.55), while it blocks only 29.2 % of the unanswerable ones; the dev set reads 96.0 % and 62.5 %.
        // The shipped similarity threshold became 0.50 the same day (end to end it answers more of the check set and refuses
        // as many): 70.6 % pass. With sentence evidence (3 passages, cosine >= 0.52, calibrated on the dev set): 70.6 -> 80.4 %
        // pass, unanswerable blocked 25.0 -> 20.8 % (cu01 reaches the model, which declines it).
        Assert.True(passed >= 0.78, $"the hybrid gate passes {passed:P1} of answerable questions at the configured thresholds");
    }

    [DatasetFact(Hipaa)]
    public async Task Dev2Set_HybridEvidence_ReportsCurve()
    {
        double passed = await ReportHybridCurveAsync(RealDocsDevSet.Dev2Set);

        // Measured on 2026-12-07 with MiniLM: 97.0 % (32/33) of the second development set's answerable questions pass the
        // shipped gate, which blocks 28.9 % (11/38) of the unanswerable ones. arctic-embed-xs with its query instruction,
        // passage >= 0.67 and sentence >= 0.70 (calibrated on dev and dev2): 32/33 and 17/38 (docs/grounding.md, "arctic-embed-xs").
        Assert.True(passed >= 0.95, $"the hybrid gate passes {passed:P1} of answerable questions at the configured thresholds");
    }

    [DatasetFact(Hipaa)]
    public async Task Check2Set_HybridEvidence_ReportsCurve()
    {
        double passed = await ReportHybridCurveAsync(RealDocsDevSet.Check2Set);

        // Measured on 2026-12-07 (evening, second session): the shipped gate passes 96.7 % (29/30) of the second check set's
        // answerable questions and blocks 6.2 % (1/16) of the unanswerable ones; 4 answerable and 6 unanswerable ones pass on
        // dense evidence alone (BM25 coverage below 0.45).
        Assert.True(passed >= 0.93, $"the hybrid gate passes {passed:P1} of answerable questions at the configured thresholds");
    }

    [DatasetFact(Hipaa)]
    public async Task Check3Set_HybridEvidence_ReportsCurve()
    {
        double passed = await ReportHybridCurveAsync(RealDocsDevSet.Check3Set);

        // Measured on 2026-12-07 (evening, second session): the shipped gate passes 92.9 % (26/28) of the third check set's
        // answerable questions and blocks 6.2 % (1/16) of the unanswerable ones; 1 answerable and 3 unanswerable ones pass on
        // dense evidence alone (BM25 coverage below 0.45).
        Assert.True(passed >= 0.89, $"the hybrid gate passes {passed:P1} of answerable questions at the configured thresholds");
    }

    private async Task<double> ReportHybridCurveAsync(string set)
    {
        // Each question's three evidence figures: BM25 coverage (the sample's settings), MiniLM's best passage cosine and
        // the best cosine of one sentence of the first passages (DenseRetrieverOptions.SentenceEvidenceDepth of the sample,
        // never below the passage's); the shipped gate passes when coverage, passage or sentence reaches its threshold.
        Assert.NotNull(Datasets.Find(Gsa));
        using var model = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { Model = EvaluationModels.Dense });
        var generator = new CachedEmbeddingGenerator(model, CacheFile);
        output.WriteLine(EvaluationModels.Describe());
        double coverageThreshold = RealDocsEvaluation.SampleBm25Options().MinimumTermCoverage;
        DenseRetrieverOptions shippedDense = EvaluationModels.Apply(RealDocsEvaluation.SampleDenseOptions());
        int depth = Math.Max(1, shippedDense.SentenceEvidenceDepth);
        var figures = new List<(bool Answerable, double Coverage, double Similarity, double Sentence)>();
        foreach (IGrouping<string, RealDocsQuestion> corpus in RealDocsDevSet.Load(set).GroupBy(q => q.Corpus))
        {
            using var bm25 = new InMemoryBm25Index(RealDocsEvaluation.SampleBm25Options(minimumTermCoverage: 0));
            using var vectors = new InMemoryVectorStore();
            IReadOnlyList<SourceDocument> documents = await RealDocsDevSet.LoadCorpusAsync(Datasets.Find(RealDocsDevSet.Corpora[corpus.Key])!);
            (await new DocumentIngestor([bm25, new VectorChunkIndex(vectors, generator)]).IngestAsync(documents)).ThrowIfFailed();
            generator.Save();
            // MinimumSimilarity 1 so the sentences are always measured (they are skipped when the passage is evidence).
            var dense = new DenseRetriever(vectors, EvaluationModels.ForQueries(generator), new DenseRetrieverOptions { MinimumSimilarity = 1, SentenceEvidenceDepth = depth });
            var caller = new CallerContext("eval-user", ["staff"]);
            foreach (RealDocsQuestion question in corpus)
            {
                double coverage = bm25.Search(question.Question, ChunkSearchFilter.ForCaller(caller), 4).EvidenceCoverage ?? 0;
                RetrievalResult semantic = await dense.RetrieveAsync(new RetrievalRequest(question.Question, caller) { TopK = 4 });
                double similarity = semantic.Passages.Count > 0 ? semantic.Passages[0].Score : 0;
                double sentence = semantic.EvidenceScore ?? 0;
                bool goldInTop = semantic.Passages.Any(p => question.Gold.Contains(p.DocumentId));
                figures.Add((question.Answerable, coverage, similarity, sentence));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{question.Id} coverage={coverage:F2} similarity={similarity:F3} sentence={sentence:F3} dense-gold-in-top4={goldInTop}"));
            }
        }

        generator.Save();
        double configured = shippedDense.MinimumSimilarity;
        int answerable = figures.Count(f => f.Answerable), unanswerable = figures.Count - answerable;
        void Row(string label, Func<(bool Answerable, double Coverage, double Similarity, double Sentence), bool> passes)
        {
            int passed = figures.Count(f => f.Answerable && passes(f));
            int blocked = figures.Count(f => !f.Answerable && !passes(f));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,6} | {passed,2}/{answerable} = {RealDocsEvaluation.Ratio(passed, answerable),6:P1} | {blocked,2}/{unanswerable} = {RealDocsEvaluation.Ratio(blocked, unanswerable),6:P1}"));
        }

        double[] thresholds = [0.25, 0.3, 0.35, 0.4, 0.42, 0.45, 0.48, 0.5, 0.52, 0.55, 0.6, 0.65, 0.7, 0.75, 1.01];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"coverage >= {coverageThreshold} OR passage similarity >= t | answerable passed | unanswerable blocked"));
        foreach (double t in thresholds)
        {
            Row(t.ToString("F2", CultureInfo.InvariantCulture), f => f.Coverage >= coverageThreshold || f.Similarity >= t);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"coverage >= {coverageThreshold} OR passage similarity >= {configured} OR sentence similarity (first {depth} passages) >= t | answerable passed | unanswerable blocked"));
        foreach (double t in thresholds)
        {
            Row(t.ToString("F2", CultureInfo.InvariantCulture), f => f.Coverage >= coverageThreshold || f.Similarity >= configured || f.Sentence >= t);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the combined rule: coverage >= {coverageThreshold} OR passage >= {configured} OR 0.5 x coverage + max(passage, sentence) >= t | answerable passed | unanswerable blocked"));
        foreach (double t in new[] { 0.6, 0.62, 0.64, 0.66, 0.68, 0.7, 0.75 })
        {
            Row(t.ToString("F2", CultureInfo.InvariantCulture), f => f.Coverage >= coverageThreshold || f.Similarity >= configured || (0.5 * f.Coverage) + f.Sentence >= t);
        }

        bool Shipped((bool Answerable, double Coverage, double Similarity, double Sentence) f) =>
            f.Coverage >= coverageThreshold || f.Similarity >= configured
            || (shippedDense.SentenceEvidenceDepth > 0 && f.Sentence >= shippedDense.MinimumSentenceSimilarity);

        // The questions the gate passes on dense evidence alone (BM25 coverage below its threshold): docs/grounding.md,
        // "Dense evidence alone" (evening of 2026-12-07, second session).
        int denseOnlyAnswerable = figures.Count(f => f.Answerable && f.Coverage < coverageThreshold && Shipped(f));
        int denseOnlyUnanswerable = figures.Count(f => !f.Answerable && f.Coverage < coverageThreshold && Shipped(f));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"set={set}: passed on dense evidence alone (coverage < {coverageThreshold}): {denseOnlyAnswerable} answerable, {denseOnlyUnanswerable} unanswerable"));
        double shipped = RealDocsEvaluation.Ratio(figures.Count(f => f.Answerable && Shipped(f)), answerable);
        double blockedShipped = RealDocsEvaluation.Ratio(figures.Count(f => !f.Answerable && !Shipped(f)), unanswerable);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"set={set}: the shipped gate (passage >= {configured}, sentence >= {shippedDense.MinimumSentenceSimilarity} over {shippedDense.SentenceEvidenceDepth} passages) passes {shipped:P1} of answerable and blocks {blockedShipped:P1} of unanswerable questions"));
        return shipped;
    }

    private async Task<RealDocsFigures> RunHybridAsync(string set, bool streaming, bool semanticModel)
    {
        using var model = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { Model = EvaluationModels.Dense });
        using MiniLmEmbeddingGenerator? otherScorer = EvaluationModels.Scorer == EvaluationModels.Dense
            ? null : new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { Model = EvaluationModels.Scorer });
        MiniLmEmbeddingGenerator scorer = otherScorer ?? model;
        var generator = new CachedEmbeddingGenerator(model, CacheFile);
        var disposables = new List<IDisposable>();
        try
        {
            DenseRetrieverOptions gate = EvaluationModels.Apply(RealDocsEvaluation.SampleDenseOptions());
            double minimumSimilarity = gate.MinimumSimilarity;
            RealDocsFigures figures = await RealDocsEvaluation.RunAsync(
                set,
                streaming,
                async (_, documents) =>
                {
                    var bm25 = new InMemoryBm25Index(RealDocsEvaluation.SampleBm25Options());
                    var vectors = new InMemoryVectorStore();
                    disposables.Add(bm25);
                    disposables.Add(vectors);
                    (await new DocumentIngestor([bm25, new VectorChunkIndex(vectors, generator)]).IngestAsync(documents)).ThrowIfFailed();
                    generator.Save();
                    var dense = new DenseRetriever(vectors, EvaluationModels.ForQueries(generator), gate);
                    return new HybridRetriever([bm25, dense], RealDocsEvaluation.SampleHybridOptions());
                },
                semanticModel ? () => new ExtractiveChatClient(SemanticModelOptions(), scorer) : null);
            HybridRetrieverOptions combined = RealDocsEvaluation.SampleHybridOptions();
            string evidence = string.Create(CultureInfo.InvariantCulture,
                $"dense evidence at cosine >= {minimumSimilarity}, sentence >= {gate.MinimumSentenceSimilarity} over {gate.SentenceEvidenceDepth} passages, weights [{string.Join(", ", combined.EvidenceWeights)}] >= {combined.MinimumWeightedEvidence}");
            output.WriteLine(EvaluationModels.Describe());
            output.WriteLine(semanticModel
                ? $"hybrid BM25 + MiniLM, {evidence}, semantic extractive model (weight {SemanticModelOptions().SemanticWeight})"
                : $"hybrid BM25 + MiniLM, {evidence}");
            output.WriteLine(figures.Report);
            return figures;
        }
        finally
        {
            disposables.ForEach(d => d.Dispose());
        }
    }

    private static ExtractiveChatClientOptions SemanticModelOptions() => EvaluationModels.Apply(new ExtractiveChatClientOptions
    {
        SemanticWeight = double.Parse(Environment.GetEnvironmentVariable("EVAL_SEMANTIC_WEIGHT") ?? "0.5", CultureInfo.InvariantCulture),
    });

    private static string CacheFile => EvaluationModels.CacheFile("realdocs", EvaluationModels.Dense);
}
