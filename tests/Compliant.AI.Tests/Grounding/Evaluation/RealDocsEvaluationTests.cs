using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Compliant.AI.Tests.Grounding.Evaluation;

/// <summary>
/// The main job on real policy text: the shared HIPAA regulations (46 sections + HHS guidance) and the GSA TTS handbook
/// (34 pages), each ingested with an explicit default access list of everyone, asked the development set
/// (<c>samples/PolicyAssistant/eval/realdocs-dev.jsonl</c>) through the embedded-default pipeline the PolicyAssistant
/// composes: PII detection and redaction, grounding over in-memory BM25, the offline extractive model.
/// </summary>
/// <remarks>
/// Run: <c>dotnet test tests/Compliant.AI.Tests --filter "FullyQualifiedName~RealDocsEvaluationTests" --logger "console;verbosity=detailed"</c>.
/// Skipped when ../shared/data is absent. The figures are recorded in docs/grounding.md ("Evidence gate").
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
        IReadOnlyList<RealDocsQuestion> questions = RealDocsDevSet.Load();
        int answerable = 0, answered = 0, unanswerable = 0, refused = 0, citingGold = 0, citations = 0, goldCitations = 0, facts = 0, factsFound = 0;
        var latencies = new List<double>();
        var table = new StringBuilder();
        foreach (IGrouping<string, RealDocsQuestion> corpus in questions.GroupBy(q => q.Corpus))
        {
            using var index = new InMemoryBm25Index();
            (await new DocumentIngestor([index]).IngestAsync(await RealDocsDevSet.LoadCorpusAsync(Datasets.Find(RealDocsDevSet.Corpora[corpus.Key])!))).ThrowIfFailed();
            await using ServiceProvider services = BuildPipeline(index);
            IChatClient chat = services.GetRequiredService<IChatClient>();
            var caller = new CallerContext("eval-user", ["staff"]);

            // One warm-up question so the figures measure answering, not loading the recognizers' word lists.
            await chat.GetResponseAsync(streaming, "warm up", new ChatOptions().WithCaller(caller));
            foreach (RealDocsQuestion question in corpus)
            {
                long started = Stopwatch.GetTimestamp();
                ChatResponse response = await chat.GetResponseAsync(streaming, question.Question, new ChatOptions().WithCaller(caller));
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                GroundingResult result = response.GetGroundingResult()!;
                string[] cited = result.Citations.Select(c => c.DocumentId).Distinct(StringComparer.Ordinal).ToArray();
                string verdict;
                if (question.Answerable)
                {
                    answerable++;
                    facts += question.Facts.Count;
                    int found = result.Refused ? 0 : question.Facts.Count(f => RealDocsQuestion.Contains(response.Text, f));
                    factsFound += found;
                    if (!result.Refused)
                    {
                        answered++;
                        citations += result.Citations.Count;
                        goldCitations += result.Citations.Count(c => question.Gold.Contains(c.DocumentId));
                        citingGold += cited.Any(question.Gold.Contains) ? 1 : 0;
                    }

                    verdict = result.Refused ? "REFUSED" : !cited.Any(question.Gold.Contains) ? "WRONGDOC" : found < question.Facts.Count ? "NOFACT" : "ok";
                }
                else
                {
                    unanswerable++;
                    refused += result.Refused ? 1 : 0;
                    verdict = result.Refused ? "ok" : "ANSWERED";
                }

                table.AppendLine(CultureInfo.InvariantCulture, $"{question.Id} {verdict,-8} reason={result.Reason ?? "-",-16} cited=[{string.Join(",", cited)}] :: {Shorten(response.Text)}");
            }
        }

        double answerRate = Ratio(answered, answerable);
        double refusalRate = Ratio(refused, unanswerable);
        double citedCorrect = Ratio(citingGold, answered);
        double precision = Ratio(goldCitations, citations);
        double factRecall = Ratio(factsFound, facts);
        latencies.Sort();
        output.WriteLine(table.ToString());
        output.WriteLine($"streaming={streaming}");
        output.WriteLine($"answerable questions answered          {answered}/{answerable} = {answerRate:P1}");
        output.WriteLine($"unanswerable questions refused         {refused}/{unanswerable} = {refusalRate:P1}");
        output.WriteLine($"answers citing a gold document         {citingGold}/{answered} = {citedCorrect:P1}");
        output.WriteLine($"citation precision (gold citations)    {goldCitations}/{citations} = {precision:P1}");
        output.WriteLine($"key facts present (of all facts)       {factsFound}/{facts} = {factRecall:P1}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency per ask (in-process, warm)     median {latencies[latencies.Count / 2]:F1} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:F1} ms (reported, not asserted)"));

        Assert.True(answerRate >= 0.50, $"answer rate {answerRate:P1} is below the floor");
        Assert.True(refusalRate >= 0.85, $"refusal rate {refusalRate:P1} is below the floor");
        Assert.True(citedCorrect >= 0.90, $"answers citing a gold document {citedCorrect:P1} is below the floor");
        Assert.True(factRecall >= 0.30, $"key-fact recall {factRecall:P1} is below the floor");
    }

    [DatasetFact(Hipaa)]
    public async Task DevSet_EvidenceGate_ReportsPrecisionRecallCurve()
    {
        // The gate alone: the evidence figure (coverage of the question's content by one of the top passages) for every
        // question, with the question as the retriever sees it once the grounding stage has redacted it.
        Assert.NotNull(Datasets.Find(Gsa));
        IReadOnlyList<RealDocsQuestion> questions = RealDocsDevSet.Load();
        var figures = new List<(bool Answerable, double Coverage, bool GoldInTop)>();
        foreach (IGrouping<string, RealDocsQuestion> corpus in questions.GroupBy(q => q.Corpus))
        {
            using var index = new InMemoryBm25Index(new Bm25Options { MinimumTermCoverage = 0 });
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
        output.WriteLine("threshold | answerable passed | unanswerable blocked | precision of 'evidence' | answerable passed with gold in top 4");
        foreach (double threshold in new[] { 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8 })
        {
            int passed = figures.Count(f => f.Answerable && f.Coverage >= threshold);
            int blocked = figures.Count(f => !f.Answerable && f.Coverage < threshold);
            int wronglyPassed = unanswerable - blocked;
            int passedWithGold = figures.Count(f => f.Answerable && f.Coverage >= threshold && f.GoldInTop);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{threshold,9:F2} | {passed,2}/{answerable} = {Ratio(passed, answerable),6:P1} | {blocked,2}/{unanswerable} = {Ratio(blocked, unanswerable),6:P1} | {Ratio(passed, passed + wronglyPassed),6:P1} | {passedWithGold,2}"));
        }

        double defaultThreshold = new Bm25Options().MinimumTermCoverage;
        double recall = Ratio(figures.Count(f => f.Answerable && f.Coverage >= defaultThreshold), answerable);
        Assert.True(recall >= 0.70, $"the gate passes {recall:P1} of answerable questions at the default threshold");
    }

    internal static ServiceProvider BuildPipeline(IRetriever retriever)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCompliantAI()
            .AddAuditing()
            .AddAuditKey(AuditKey.FromBase64("eval", Convert.ToBase64String(new byte[32])))
            .AddPiiDetection()
            .AddPiiRedaction()
            .AddGrounding();
        services.AddSingleton<IAuditSink>(new InMemoryAuditSink());
        services.AddSingleton(retriever);
        services.AddChatClient(_ => new ExtractiveChatClient()).UseCompliance();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static string Shorten(string text)
    {
        string flat = text.ReplaceLineEndings(" ");
        return flat.Length <= 160 ? flat : flat[..160] + "…";
    }
}
