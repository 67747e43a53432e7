using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Evaluation.Internal;

/// <summary>Runs one case of a dataset through the host's services and scores it.</summary>
internal sealed class CaseExecutor(EvaluationDatasetSpec spec, IServiceProvider services, TimeProvider time)
{
    private static readonly CallerContext Caller = new("compliant-eval", ["compliant-eval"]);
    private readonly IPiiDetector? _detector = services.GetService<IPiiDetector>();

    public IPiiDetector? Detector => _detector;

    /// <summary>Checks before the first case that the services have what the dataset needs; a missing service is a bad set-up (exit 2).</summary>
    public void CheckServices()
    {
        bool ok = spec.Kind switch
        {
            EvaluationDatasetKind.Pii => _detector is not null,
            EvaluationDatasetKind.Retrieval => services.GetService<IRetriever>() is not null,
            EvaluationDatasetKind.GroundedQa => services.GetService<IChatClient>() is not null,
            EvaluationDatasetKind.Injection => services.GetService<IPromptInjectionDetector>() is not null,
            _ => true,
        };
        if (!ok)
        {
            string needed = spec.Kind switch
            {
                EvaluationDatasetKind.Pii => nameof(IPiiDetector),
                EvaluationDatasetKind.Retrieval => nameof(IRetriever),
                EvaluationDatasetKind.Injection => nameof(IPromptInjectionDetector),
                _ => nameof(IChatClient),
            };
            throw new EvaluationSuiteException($"dataset '{spec.Name}': the pipeline's services have no {needed}");
        }
    }

    public async Task<EvaluationCaseResult> RunAsync(EvaluationCase c, CancellationToken cancellationToken)
    {
        long started = time.GetTimestamp();
        try
        {
            EvaluationCaseResult result = spec.Kind switch
            {
                EvaluationDatasetKind.Pii => Pii(c, cancellationToken),
                EvaluationDatasetKind.Retrieval => await RetrievalAsync(c, cancellationToken).ConfigureAwait(false),
                EvaluationDatasetKind.GroundedQa => await GroundedAsync(c, cancellationToken).ConfigureAwait(false),
                EvaluationDatasetKind.Injection => Injection(c, cancellationToken),
                _ => await StructuredAsync(c, cancellationToken).ConfigureAwait(false),
            };
            var values = new Dictionary<string, double>(result.Values, StringComparer.Ordinal) { ["latencyMs"] = time.GetElapsedTime(started).TotalMilliseconds };
            return new EvaluationCaseResult
            {
                Id = result.Id, Slice = result.Slice, Counts = result.Counts, Verdict = result.Verdict, RedactedText = result.RedactedText, Values = values,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Fail closed: an error of the pipeline or of the evaluator is a failed case, never a silent pass. Only the
            // exception type is kept: messages routinely carry request content.
            return new EvaluationCaseResult
            {
                Id = c.Id, Slice = c.Slice, Verdict = "ERROR", Error = ex.GetType().FullName, RedactedText = DisplayRedactor.Redact(c.Text, _detector, c.GoldSpans),
            };
        }
    }

    private EvaluationCaseResult Pii(EvaluationCase c, CancellationToken cancellationToken)
    {
        IReadOnlyList<PiiEntity> found = _detector!.Detect(c.Text, cancellationToken);
        var scorer = new PiiSpanScorer();
        scorer.Add(c.Text, c.GoldSpans, found);
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach ((string type, DetectionCounts k) in scorer.ByType)
        {
            counts["tp:" + type] = k.TruePositives;
            counts["fp:" + type] = k.FalsePositives;
            counts["fn:" + type] = k.FalseNegatives;
        }

        counts["any.tp"] = scorer.AnyType.TruePositives;
        counts["any.fp"] = scorer.AnyType.FalsePositives;
        counts["any.fn"] = scorer.AnyType.FalseNegatives;
        DetectionCounts overall = scorer.Overall;
        string[] missed = [.. scorer.ByType.Where(t => t.Value.FalseNegatives > 0).Select(t => t.Key)];
        string[] extra = [.. scorer.ByType.Where(t => t.Value.FalsePositives > 0).Select(t => t.Key)];
        string verdict = missed.Length + extra.Length == 0 ? "ok" : string.Join("; ", new[] { missed.Length > 0 ? "missed " + string.Join(",", missed) : null, extra.Length > 0 ? "extra " + string.Join(",", extra) : null }.Where(s => s is not null));
        return new EvaluationCaseResult
        {
            Id = c.Id,
            Slice = c.Slice,
            Counts = counts,
            Values = new Dictionary<string, double>(StringComparer.Ordinal) { ["precision"] = overall.Precision, ["recall"] = overall.Recall, ["f2"] = overall.F2 },
            Verdict = verdict,
            RedactedText = DisplayRedactor.Redact(c.Text, _detector, c.GoldSpans, found),
        };
    }

    private EvaluationCaseResult Injection(EvaluationCase c, CancellationToken cancellationToken)
    {
        PromptInjectionResult result = services.GetRequiredService<IPromptInjectionDetector>().Detect(c.Text, c.Source, cancellationToken);
        bool flagged = result.Flagged;
        var counts = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["tp"] = flagged && c.IsInjection ? 1 : 0,
            ["fp"] = flagged && !c.IsInjection ? 1 : 0,
            ["fn"] = !flagged && c.IsInjection ? 1 : 0,
            ["tn"] = !flagged && !c.IsInjection ? 1 : 0,
        };
        string signals = result.Signals.Count == 0 ? string.Empty : " [" + string.Join(",", result.Signals) + "]";
        return new EvaluationCaseResult
        {
            Id = c.Id,
            Slice = c.Slice,
            Counts = counts,
            Values = new Dictionary<string, double>(StringComparer.Ordinal) { ["flaggedRate"] = flagged ? 1 : 0, ["score"] = result.Score },
            Verdict = (flagged == c.IsInjection ? "ok" : c.IsInjection ? "MISSED" : "FALSE ALARM") + string.Create(CultureInfo.InvariantCulture, $" score {result.Score:0.000}") + signals,
            RedactedText = DisplayRedactor.Redact(c.Text, _detector),
        };
    }

    private async Task<EvaluationCaseResult> RetrievalAsync(EvaluationCase c, CancellationToken cancellationToken)
    {
        IRetriever retriever = services.GetRequiredService<IRetriever>();
        int depth = 3 * Math.Max(spec.RecallK, 10); // several chunks of one document count once
        RetrievalResult result = await retriever.RetrieveAsync(new RetrievalRequest(c.Text, Caller) { TopK = depth }, cancellationToken).ConfigureAwait(false);
        string[] ranked = [.. result.Passages.Select(p => p.DocumentId)];
        double ndcg = RetrievalMetrics.NdcgAtK(ranked, c.Judgments, 10);
        double recall = RetrievalMetrics.RecallAtK(ranked, c.Judgments, spec.RecallK);
        double rr = RetrievalMetrics.ReciprocalRank(ranked, c.Judgments, 10);
        return new EvaluationCaseResult
        {
            Id = c.Id,
            Slice = c.Slice,
            Values = new Dictionary<string, double>(StringComparer.Ordinal) { ["ndcg@10"] = ndcg, [MetricCatalog.RecallName(spec)] = recall, ["mrr@10"] = rr },
            Verdict = rr > 0 ? "ok" : "no relevant document in the top 10",
            RedactedText = DisplayRedactor.Redact(c.Text, _detector),
        };
    }

    private async Task<EvaluationCaseResult> GroundedAsync(EvaluationCase c, CancellationToken cancellationToken)
    {
        IChatClient chat = services.GetRequiredService<IChatClient>();
        ChatResponse response = await chat.GetResponseAsync(c.Text, new ChatOptions().WithCaller(Caller), cancellationToken).ConfigureAwait(false);
        GroundingResult grounding = response.GetGroundingResult()
            ?? throw new InvalidOperationException("The pipeline has no grounding stage: the answer carries no grounding result.");
        bool refused = grounding.Refused;
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        string verdict;
        if (c.Answerable)
        {
            counts["answerable"] = 1;
            counts["facts"] = c.Facts.Count;
            int found = refused ? 0 : c.Facts.Count(f => KeyFacts.Contains(response.Text, f));
            counts["factsFound"] = found;
            values["answerRate"] = refused ? 0 : 1;
            if (c.Facts.Count > 0)
            {
                values["keyFactRecall"] = (double)found / c.Facts.Count;
            }

            if (!refused)
            {
                counts["answered"] = 1;
                int gold = grounding.Citations.Count(x => c.GoldDocuments.Contains(x.DocumentId, StringComparer.Ordinal));
                counts["citations"] = grounding.Citations.Count;
                counts["goldCitations"] = gold;
                if (grounding.Citations.Count > 0)
                {
                    values["citationPrecision"] = (double)gold / grounding.Citations.Count;
                }
            }

            verdict = refused ? "REFUSED " + grounding.Reason : !grounding.Citations.Any(x => c.GoldDocuments.Contains(x.DocumentId, StringComparer.Ordinal)) ? "WRONGDOC" : found < c.Facts.Count ? "NOFACT" : "ok";
        }
        else
        {
            counts["unanswerable"] = 1;
            counts["refusedUnanswerable"] = refused ? 1 : 0;
            values["refusalRate"] = refused ? 1 : 0;
            verdict = refused ? "ok" : "ANSWERED";
        }

        if (!refused)
        {
            bool unsupported = grounding.UnsupportedClaims.Count > 0;
            counts["answers"] = 1;
            counts["unsupported"] = unsupported ? 1 : 0;
            values["unsupportedClaimRate"] = unsupported ? 1 : 0;
        }

        if (response.Usage?.TotalTokenCount is { } tokens)
        {
            values["tokens"] = tokens;
        }

        string cited = string.Join(",", grounding.Citations.Select(x => x.DocumentId).Distinct(StringComparer.Ordinal));
        return new EvaluationCaseResult
        {
            Id = c.Id,
            Slice = c.Slice,
            Counts = counts,
            Values = values,
            Verdict = verdict,
            RedactedText = "Q: " + DisplayRedactor.Redact(c.Text, _detector) + " | cited [" + cited + "] | A: " + DisplayRedactor.Redact(response.Text, _detector),
        };
    }

    private async Task<EvaluationCaseResult> StructuredAsync(EvaluationCase c, CancellationToken cancellationToken)
    {
        ReplayChatClient? replay = c.Answers is null ? null : new ReplayChatClient(c.Answers);
        IChatClient provider = replay ?? services.GetService<IChatClient>()
            ?? throw new InvalidOperationException("A case without recorded answers needs an IChatClient in the pipeline's services.");
        var counting = new CountingChatClient(provider);
        StructuredOutputOptions options = services.GetService<IOptions<StructuredOutputOptions>>()?.Value ?? new StructuredOutputOptions();
        using var stage = new StructuredOutputChatClient(counting, options, timeProvider: time);
        var chatOptions = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(c.Schema, "evaluation_case") };
        bool valid = true;
        int tokens = 0;
        try
        {
            ChatResponse response = await stage.GetResponseAsync(c.Text.Length > 0 ? c.Text : "Answer with JSON.", chatOptions, cancellationToken).ConfigureAwait(false);
            tokens = (int)(response.Usage?.TotalTokenCount ?? 0);
        }
        catch (StructuredOutputValidationException)
        {
            valid = false;
        }

        bool reasked = counting.Calls > 1;
        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["validRate"] = valid ? 1 : 0, ["reaskRate"] = reasked ? 1 : 0, ["invalidJsonRate"] = counting.SawInvalidJson ? 1 : 0,
        };
        if (tokens > 0)
        {
            values["tokens"] = tokens;
        }

        return new EvaluationCaseResult
        {
            Id = c.Id,
            Slice = c.Slice,
            Values = values,
            Counts = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["cases"] = 1, ["valid"] = valid ? 1 : 0, ["reasked"] = reasked ? 1 : 0, ["invalidJson"] = counting.SawInvalidJson ? 1 : 0,
                ["attempts"] = counting.Calls,
            },
            Verdict = (valid ? "valid" : "INVALID") + string.Create(CultureInfo.InvariantCulture, $" after {counting.Calls} attempt(s)") + (counting.SawInvalidJson ? ", saw invalid JSON" : string.Empty),
            RedactedText = c.Text.Length == 0 ? null : DisplayRedactor.Redact(c.Text, _detector),
        };
    }

    internal static string SchemaText(JsonElement schema) => schema.GetRawText();
}
