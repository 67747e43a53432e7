using System.Diagnostics;
using Compliant.AI.Internal;
using Microsoft.Extensions.Logging;

namespace Compliant.AI.Guardrails.Internal;

/// <summary>
/// Checks one text and reports it: the per-text metrics, counters, span tags and event and log (source, action, score and
/// signal names, never the text); the stage's decisions go through <see cref="StageReporter"/>.
/// </summary>
internal sealed class GuardrailsScreen(IPromptInjectionDetector detector, GuardrailsOptions options, ILogger logger)
{
    public GuardrailsOptions Options { get; } = options;

    /// <summary>
    /// Checks one text and reports it: metrics, counters, span tags and event, log. The user's turn gets its audit
    /// verdict here; passages and tool results are reported per screening by <see cref="RecordVerdict"/>, with the ids
    /// of every text flagged (the caller collects them in a <see cref="FlaggedIds"/>).
    /// </summary>
    public ScreenVerdict Check(string text, PromptInjectionSource source, Activity? activity, CancellationToken cancellationToken, FlaggedOrigin origin = default)
    {
        PromptInjectionResult result = detector.Detect(text, source, cancellationToken);
        GuardrailAction action = !result.Flagged ? GuardrailAction.Annotate : source switch
        {
            PromptInjectionSource.User => Options.UserAction == GuardrailAction.Annotate ? GuardrailAction.Annotate : GuardrailAction.Block,
            PromptInjectionSource.Document => Options.DocumentAction,
            _ => Options.ToolAction,
        };

        string sourceName = SourceName(source);
        string actionName = result.Flagged ? ActionName(action) : "none";
        var tags = new TagList
        {
            { CompliantTelemetry.Guardrails.Source, sourceName },
            { CompliantTelemetry.Tags.GuardrailDecision, StageReporter.DecisionName(result.Flagged ? Decision(action) : AuditDecision.Allow) },
            { CompliantTelemetry.Guardrails.Action, actionName },
        };
        CompliantTelemetry.Guardrails.Verdicts.Add(1, tags);
        CompliantTelemetry.Guardrails.Score.Record(result.Score, new KeyValuePair<string, object?>(CompliantTelemetry.Guardrails.Source, sourceName));

        AuditScope? audit = AuditScope.Current;
        audit?.Increment($"guardrails.{sourceName}.checked");
        if (activity is not null)
        {
            activity.SetTag(CompliantTelemetry.Guardrails.Checked, (activity.GetTagItem(CompliantTelemetry.Guardrails.Checked) as int? ?? 0) + 1);
            double max = activity.GetTagItem(CompliantTelemetry.Guardrails.MaxScore) as double? ?? 0;
            activity.SetTag(CompliantTelemetry.Guardrails.MaxScore, Math.Max(max, Math.Round(result.Score, 4)));
        }

        if (result.Flagged)
        {
            string signals = string.Join(",", result.Signals);
            switch (source)
            {
                case PromptInjectionSource.User:
                    GuardrailsLog.Flagged(logger, source, result.Score, signals, action);
                    Report(source, action, details: null, activity);
                    break;
                case PromptInjectionSource.Document:
                    GuardrailsLog.FlaggedPassage(logger, source, result.Score, signals, action, origin.DocumentId, origin.ChunkId);
                    break;
                default:
                    GuardrailsLog.FlaggedToolResult(logger, source, result.Score, signals, action, origin.FunctionName, origin.CallId);
                    break;
            }

            audit?.Increment($"guardrails.{sourceName}.flagged");
            audit?.Increment($"guardrails.{sourceName}.score_permille", (long)Math.Round(result.Score * 1000));
            foreach (string signal in result.Signals)
            {
                audit?.Increment($"guardrails.signal.{signal}");
            }

            if (activity is not null)
            {
                activity.SetTag(CompliantTelemetry.Guardrails.Flagged, (activity.GetTagItem(CompliantTelemetry.Guardrails.Flagged) as int? ?? 0) + 1);
                string? previous = activity.GetTagItem(CompliantTelemetry.Guardrails.Signals) as string;
                activity.SetTag(CompliantTelemetry.Guardrails.Signals, string.Join(",", (previous?.Split(',') ?? []).Concat(result.Signals).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)));
                var eventTags = new ActivityTagsCollection
                {
                    [CompliantTelemetry.Guardrails.Source] = sourceName,
                    [CompliantTelemetry.Guardrails.Action] = actionName,
                    [CompliantTelemetry.Guardrails.MaxScore] = Math.Round(result.Score, 4),
                    [CompliantTelemetry.Guardrails.Signals] = signals,
                };
                AddIfPresent(eventTags, CompliantTelemetry.Guardrails.DocumentId, origin.DocumentId);
                AddIfPresent(eventTags, CompliantTelemetry.Guardrails.ChunkId, origin.ChunkId);
                AddIfPresent(eventTags, CompliantTelemetry.Guardrails.FunctionName, origin.FunctionName);
                AddIfPresent(eventTags, CompliantTelemetry.Guardrails.CallId, origin.CallId);
                activity.AddEvent(new ActivityEvent("compliant_ai.guardrails.flagged", tags: eventTags));
            }
        }

        return new ScreenVerdict(result, action);
    }

    /// <summary>
    /// Reports the one decision of a screening of passages or tool results that flagged at least one text, with the
    /// flagged texts' ids in the audit verdict's details, and sets the same ids on the span.
    /// </summary>
    public void RecordVerdict(FlaggedIds flagged, GuardrailAction action, Activity? activity)
    {
        Dictionary<string, string>? details = AuditScope.Current is not null || activity is not null ? flagged.Details() : null;
        Report(flagged.Source, action, details, activity);
        if (activity is not null && details is not null)
        {
            bool document = flagged.Source == PromptInjectionSource.Document;
            SetIfPresent(activity, document ? CompliantTelemetry.Guardrails.FlaggedDocuments : CompliantTelemetry.Guardrails.FlaggedFunctions, details.GetValueOrDefault(document ? FlaggedIds.DocumentsKey : FlaggedIds.FunctionsKey));
            SetIfPresent(activity, document ? CompliantTelemetry.Guardrails.FlaggedChunks : CompliantTelemetry.Guardrails.FlaggedCalls, details.GetValueOrDefault(document ? FlaggedIds.ChunksKey : FlaggedIds.CallsKey));
        }
    }

    /// <summary>Reports that nothing the stage checked in this request was flagged: the span says so; no audit verdict.</summary>
    public void RecordClean(Activity? activity) =>
        StageReporter.Report(new StageEvent(CompliantTelemetry.Guardrails.StageName, AuditDecision.Allow, CompliantTelemetry.Guardrails.CleanReason) { Audited = false }, activity, logger);

    /// <summary>The exception that refuses a request whose text was flagged and blocked; its decision was reported when the text was checked.</summary>
    public static PromptInjectionRejectedException Reject(PromptInjectionSource source, PromptInjectionResult result, Activity? activity)
    {
        activity?.SetStatus(ActivityStatusCode.Error, PromptInjectionRejectedException.RejectionReason);
        return new PromptInjectionRejectedException($"The request was blocked: suspected prompt injection in the {SourceName(source)} text.")
        {
            TextSource = source,
            Score = result.Score,
            Signals = result.Signals,
        };
    }

    public static string SourceName(PromptInjectionSource source) => source switch
    {
        PromptInjectionSource.User => "user",
        PromptInjectionSource.Document => "document",
        _ => "tool",
    };

    /// <summary>What a flagged text's action means for the request: blocked is <c>deny</c>, withheld is <c>modify</c>, annotated is <c>allow</c>.</summary>
    private static AuditDecision Decision(GuardrailAction action) => action switch
    {
        GuardrailAction.Block => AuditDecision.Deny,
        GuardrailAction.Drop => AuditDecision.Modify,
        _ => AuditDecision.Allow,
    };

    /// <summary>The reason code of a flagged text's decision: <c>prompt_injection.{source}.{action}</c>.</summary>
    private static string Reason(PromptInjectionSource source, GuardrailAction action) => (source, action) switch
    {
        (PromptInjectionSource.User, GuardrailAction.Block) => "prompt_injection.user.block",
        (PromptInjectionSource.User, _) => "prompt_injection.user.annotate",
        (PromptInjectionSource.Document, GuardrailAction.Block) => "prompt_injection.document.block",
        (PromptInjectionSource.Document, GuardrailAction.Drop) => "prompt_injection.document.drop",
        (PromptInjectionSource.Document, _) => "prompt_injection.document.annotate",
        (_, GuardrailAction.Block) => "prompt_injection.tool.block",
        (_, GuardrailAction.Drop) => "prompt_injection.tool.drop",
        _ => "prompt_injection.tool.annotate",
    };

    private void Report(PromptInjectionSource source, GuardrailAction action, Dictionary<string, string>? details, Activity? activity) =>
        StageReporter.Report(new StageEvent(CompliantTelemetry.Guardrails.StageName, Decision(action), Reason(source, action)) { Details = details }, activity, logger);

    private static void AddIfPresent(ActivityTagsCollection tags, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            tags[key] = value;
        }
    }

    private static void SetIfPresent(Activity activity, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            activity.SetTag(key, value);
        }
    }

    private static string ActionName(GuardrailAction action) => action switch
    {
        GuardrailAction.Block => "block",
        GuardrailAction.Drop => "drop",
        _ => "annotate",
    };
}
