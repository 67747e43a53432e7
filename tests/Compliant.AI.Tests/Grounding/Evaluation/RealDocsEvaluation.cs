using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Compliant.AI.Tests.Grounding.Evaluation;

/// <summary>The figures of one run of a real-documents question set (the development, check or held-out set).</summary>
public sealed record RealDocsFigures(double AnswerRate, double RefusalRate, double CitedCorrect, double CitationPrecision, double FactRecall, string Report);

/// <summary>
/// Runs a real-documents question set (<see cref="RealDocsDevSet.DevSet"/>, <see cref="RealDocsDevSet.CheckSet"/> or <see cref="RealDocsDevSet.HoldoutSet"/>) through the embedded-default pipeline the PolicyAssistant composes (PII
/// detection and redaction, grounding, the offline extractive model) over a retriever built per corpus; shared by the
/// BM25 evaluation here and the hybrid (BM25 + MiniLM) one in the MiniLM test project, so both are scored alike.
/// </summary>
public static class RealDocsEvaluation
{
    /// <summary>The BM25 options the PolicyAssistant ships: <c>Compliant:Retrieval:Bm25</c> of its appsettings.json.</summary>
    public static Bm25Options SampleBm25Options(double? minimumTermCoverage = null)
    {
        var options = new Bm25Options();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(PolicyAssistantGoldenSet.SampleDirectory, "appsettings.json")));
        if (json.RootElement.TryGetProperty("Compliant", out JsonElement compliant)
            && compliant.TryGetProperty("Retrieval", out JsonElement retrieval)
            && retrieval.TryGetProperty("Bm25", out JsonElement bm25))
        {
            if (bm25.TryGetProperty(nameof(Bm25Options.MinimumTermCoverage), out JsonElement coverage))
            {
                options.MinimumTermCoverage = coverage.GetDouble();
            }

            if (bm25.TryGetProperty(nameof(Bm25Options.UnknownTermWeight), out JsonElement unknown))
            {
                options.UnknownTermWeight = unknown.GetDouble();
            }

            if (bm25.TryGetProperty(nameof(Bm25Options.EvidenceDepth), out JsonElement depth))
            {
                options.EvidenceDepth = depth.GetInt32();
            }

            if (bm25.TryGetProperty(nameof(Bm25Options.FollowingChunks), out JsonElement following))
            {
                options.FollowingChunks = following.GetInt32();
            }

            if (bm25.TryGetProperty(nameof(Bm25Options.QueryVocabulary), out JsonElement vocabulary))
            {
                foreach (JsonProperty entry in vocabulary.EnumerateObject())
                {
                    options.QueryVocabulary[entry.Name] = entry.Value.GetString()!;
                }
            }
        }

        if (minimumTermCoverage is { } threshold)
        {
            options.MinimumTermCoverage = threshold;
        }

        return options;
    }

    /// <summary>Applies the grounding settings the PolicyAssistant ships that shape retrieval (<c>Compliant:Grounding:TopK</c>).</summary>
    public static void SampleGroundingOptions(GroundingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(PolicyAssistantGoldenSet.SampleDirectory, "appsettings.json")));
        if (json.RootElement.TryGetProperty("Compliant", out JsonElement compliant)
            && compliant.TryGetProperty("Grounding", out JsonElement grounding)
            && grounding.TryGetProperty(nameof(GroundingOptions.TopK), out JsonElement topK))
        {
            options.TopK = topK.GetInt32();
        }
    }

    /// <summary>The dense evidence threshold the PolicyAssistant ships: <c>Compliant:Retrieval:Dense:MinimumSimilarity</c>.</summary>
    public static double SampleMinimumSimilarity()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(PolicyAssistantGoldenSet.SampleDirectory, "appsettings.json")));
        return json.RootElement.TryGetProperty("Compliant", out JsonElement compliant)
            && compliant.TryGetProperty("Retrieval", out JsonElement retrieval)
            && retrieval.TryGetProperty("Dense", out JsonElement dense)
            && dense.TryGetProperty(nameof(DenseRetrieverOptions.MinimumSimilarity), out JsonElement similarity)
            ? similarity.GetDouble()
            : new DenseRetrieverOptions().MinimumSimilarity;
    }

    /// <summary>The dense retriever options the PolicyAssistant ships: <c>Compliant:Retrieval:Dense</c>.</summary>
    public static DenseRetrieverOptions SampleDenseOptions()
    {
        var options = new DenseRetrieverOptions { MinimumSimilarity = SampleMinimumSimilarity() };
        if (SampleRetrievalSection("Dense") is { } dense)
        {
            if (dense.TryGetProperty(nameof(DenseRetrieverOptions.SentenceEvidenceDepth), out JsonElement depth))
            {
                options.SentenceEvidenceDepth = depth.GetInt32();
            }

            if (dense.TryGetProperty(nameof(DenseRetrieverOptions.MinimumSentenceSimilarity), out JsonElement sentence))
            {
                options.MinimumSentenceSimilarity = sentence.GetDouble();
            }
        }

        return options;
    }

    /// <summary>The hybrid retriever options the PolicyAssistant ships: <c>Compliant:Retrieval:Hybrid</c>.</summary>
    public static HybridRetrieverOptions SampleHybridOptions()
    {
        var options = new HybridRetrieverOptions();
        if (SampleRetrievalSection("Hybrid") is { } hybrid)
        {
            if (hybrid.TryGetProperty(nameof(HybridRetrieverOptions.RrfK), out JsonElement k))
            {
                options.RrfK = k.GetInt32();
            }

            if (hybrid.TryGetProperty(nameof(HybridRetrieverOptions.CandidateCount), out JsonElement candidates))
            {
                options.CandidateCount = candidates.GetInt32();
            }

            if (hybrid.TryGetProperty(nameof(HybridRetrieverOptions.JoinCutSentences), out JsonElement join))
            {
                options.JoinCutSentences = join.GetBoolean();
            }

            if (hybrid.TryGetProperty(nameof(HybridRetrieverOptions.MinimumPassageCharacters), out JsonElement shortest))
            {
                options.MinimumPassageCharacters = shortest.GetInt32();
            }

            if (hybrid.TryGetProperty(nameof(HybridRetrieverOptions.EvidenceWeights), out JsonElement weights))
            {
                foreach (JsonElement weight in weights.EnumerateArray())
                {
                    options.EvidenceWeights.Add(weight.GetDouble());
                }
            }

            if (hybrid.TryGetProperty(nameof(HybridRetrieverOptions.MinimumWeightedEvidence), out JsonElement minimum))
            {
                options.MinimumWeightedEvidence = minimum.GetDouble();
            }
        }

        return options;
    }

    private static JsonElement? SampleRetrievalSection(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(PolicyAssistantGoldenSet.SampleDirectory, "appsettings.json")));
        return json.RootElement.TryGetProperty("Compliant", out JsonElement compliant)
            && compliant.TryGetProperty("Retrieval", out JsonElement retrieval)
            && retrieval.TryGetProperty(name, out JsonElement section)
            ? section.Clone()
            : null;
    }

    /// <summary>
    /// Asks every question of <paramref name="set"/>; <paramref name="retrieverFor"/> builds the retriever of one corpus from its documents,
    /// <paramref name="model"/> the chat model (the default <see cref="ExtractiveChatClient"/> when <see langword="null"/>).
    /// </summary>
    public static async Task<RealDocsFigures> RunAsync(string set, bool streaming, Func<string, IReadOnlyList<SourceDocument>, Task<IRetriever>> retrieverFor, Func<IChatClient>? model = null)
    {
        IReadOnlyList<RealDocsQuestion> questions = RealDocsDevSet.Load(set);
        int answerable = 0, answered = 0, unanswerable = 0, refused = 0, citingGold = 0, citations = 0, goldCitations = 0, facts = 0, factsFound = 0;
        var latencies = new List<double>();
        var table = new StringBuilder();
        foreach (IGrouping<string, RealDocsQuestion> corpus in questions.GroupBy(q => q.Corpus))
        {
            IReadOnlyList<SourceDocument> documents = await RealDocsDevSet.LoadCorpusAsync(Datasets.Find(RealDocsDevSet.Corpora[corpus.Key])!);
            IRetriever retriever = await retrieverFor(corpus.Key, documents);
            await using ServiceProvider services = BuildPipeline(retriever, model);
            IChatClient chat = services.GetRequiredService<IChatClient>();
            var caller = new CallerContext("eval-user", ["staff"]);

            // One warm-up question so the figures measure answering, not loading the recognizers' word lists.
            await Ask(chat, streaming, "warm up", caller);
            foreach (RealDocsQuestion question in corpus)
            {
                long started = Stopwatch.GetTimestamp();
                ChatResponse response = await Ask(chat, streaming, question.Question, caller);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                GroundingResult result = response.GetGroundingResult()!;
                string[] cited = result.Citations.Select(c => c.DocumentId).Distinct(StringComparer.Ordinal).ToArray();
                string verdict, detail = string.Empty;
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
                    if (verdict != "ok")
                    {
                        detail = $" gold=[{string.Join(",", question.Gold)}] facts=[{string.Join(";", question.Facts)}]";
                    }
                }
                else
                {
                    unanswerable++;
                    refused += result.Refused ? 1 : 0;
                    verdict = result.Refused ? "ok" : "ANSWERED";
                }

                table.AppendLine(CultureInfo.InvariantCulture, $"{question.Id} {verdict,-8} reason={result.Reason ?? "-",-16} evidence={result.EvidenceScore:F2} cited=[{string.Join(",", cited)}]{detail} :: {Shorten(response.Text)}");
            }
        }

        var figures = new RealDocsFigures(Ratio(answered, answerable), Ratio(refused, unanswerable), Ratio(citingGold, answered), Ratio(goldCitations, citations), Ratio(factsFound, facts), string.Empty);
        latencies.Sort();
        table.AppendLine(CultureInfo.InvariantCulture, $"set={set} streaming={streaming}");
        table.AppendLine(CultureInfo.InvariantCulture, $"answerable questions answered          {answered}/{answerable} = {figures.AnswerRate:P1}");
        table.AppendLine(CultureInfo.InvariantCulture, $"unanswerable questions refused         {refused}/{unanswerable} = {figures.RefusalRate:P1}");
        table.AppendLine(CultureInfo.InvariantCulture, $"answers citing a gold document         {citingGold}/{answered} = {figures.CitedCorrect:P1}");
        table.AppendLine(CultureInfo.InvariantCulture, $"citation precision (gold citations)    {goldCitations}/{citations} = {figures.CitationPrecision:P1}");
        table.AppendLine(CultureInfo.InvariantCulture, $"key facts present (of all facts)       {factsFound}/{facts} = {figures.FactRecall:P1}");
        table.AppendLine(CultureInfo.InvariantCulture, $"latency per ask (in-process, warm)     median {latencies[latencies.Count / 2]:F1} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:F1} ms (reported, not asserted)");
        return figures with { Report = table.ToString() };
    }

    internal static ServiceProvider BuildPipeline(IRetriever retriever, Func<IChatClient>? model = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCompliantAI()
            .AddAuditing()
            .AddAuditKey(AuditKey.FromBase64("eval", Convert.ToBase64String(new byte[32])))
            .AddPiiDetection()
            .AddPiiRedaction()
            .AddGrounding();
        services.Configure<GroundingOptions>(SampleGroundingOptions);

        // To measure what redaction costs the answers: EVAL_PII_OFF=DATE_TIME leaves that entity type undetected (so the
        // model reads the sources' dates as written), EVAL_PII_OFF=all detects nothing. Unset, the pipeline is the sample's.
        if (Environment.GetEnvironmentVariable("EVAL_PII_OFF") is { Length: > 0 } off)
        {
            services.Configure<PiiDetectionOptions>(o =>
            {
                if (off == "all")
                {
                    o.EntityTypes.Add("NO_SUCH_ENTITY");
                }
                else
                {
                    o.Thresholds[off] = 1.01;
                }
            });
        }
        services.AddSingleton<IAuditSink>(new InMemoryAuditSink());
        services.AddSingleton(retriever);
        services.AddChatClient(_ => model?.Invoke() ?? new ExtractiveChatClient()).UseCompliance();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    internal static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static async Task<ChatResponse> Ask(IChatClient chat, bool streaming, string question, CallerContext caller)
    {
        ChatOptions options = new ChatOptions().WithCaller(caller);
        return streaming
            ? await chat.GetStreamingResponseAsync(question, options).ToChatResponseAsync()
            : await chat.GetResponseAsync(question, options);
    }

    private static string Shorten(string text)
    {
        string flat = text.ReplaceLineEndings(" ");
        return flat.Length <= 160 ? flat : flat[..160] + "…";
    }
}
