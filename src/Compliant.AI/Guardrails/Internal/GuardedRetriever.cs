using System.Diagnostics;
using Compliant.AI.Internal;

namespace Compliant.AI.Guardrails.Internal;

/// <summary>
/// The seam through which the guardrails see retrieved passages: a decorator of the registered <see cref="IRetriever"/>
/// (the grounding stage resolves it from DI), screening each passage as a document before grounding injects it.
/// </summary>
internal sealed class GuardedRetriever(IRetriever inner, GuardrailsScreen screen) : IRetriever
{
    public IRetriever Inner { get; } = inner;

    public async Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default)
    {
        RetrievalResult result = await Inner.RetrieveAsync(request, cancellationToken).ConfigureAwait(false);
        using Activity? activity = CompliantTelemetry.ActivitySource.StartActivity(CompliantTelemetry.Guardrails.PassagesSpanName);
        activity?.SetTag(CompliantTelemetry.Tags.Stage, CompliantTelemetry.Guardrails.StageName);
        activity?.SetTag(CompliantTelemetry.Guardrails.Source, "document");
        var kept = new List<RetrievedPassage>(result.Passages.Count);
        bool changed = false;
        FlaggedIds? flagged = null;
        GuardrailAction action = screen.Options.DocumentAction;
        try
        {
            foreach (RetrievedPassage passage in result.Passages)
            {
                if (passage is null || string.IsNullOrEmpty(passage.Text))
                {
                    kept.Add(passage!);
                    continue;
                }

                var origin = new FlaggedOrigin(DocumentId: passage.DocumentId, ChunkId: passage.ChunkId);
                ScreenVerdict verdict = screen.Check(passage.Text, PromptInjectionSource.Document, activity, cancellationToken, origin);
                if (verdict.Result.Flagged)
                {
                    (flagged ??= new FlaggedIds(PromptInjectionSource.Document)).Add(origin);
                    action = verdict.Action;
                }

                if (verdict.Result.Flagged && verdict.Action == GuardrailAction.Block)
                {
                    throw GuardrailsScreen.Reject(PromptInjectionSource.Document, verdict.Result, activity);
                }

                if (verdict.Result.Flagged && verdict.Action == GuardrailAction.Drop)
                {
                    changed = true;
                    continue;
                }

                if (screen.Options.SpotlightPassages)
                {
                    changed = true;
                    kept.Add(new RetrievedPassage
                    {
                        ChunkId = passage.ChunkId,
                        DocumentId = passage.DocumentId,
                        Text = Spotlight.Mark(passage.Text, screen.Options.SpotlightMarker),
                        Score = passage.Score,
                        Title = passage.Title,
                        Source = passage.Source,
                        SectionPath = passage.SectionPath,
                        Start = passage.Start,
                        End = passage.End,
                        Classification = passage.Classification,
                    });
                }
                else
                {
                    kept.Add(passage);
                }
            }
        }
        finally
        {
            // One verdict per retrieval, naming every flagged passage (also when a blocked one ended the screening).
            if (flagged is not null)
            {
                screen.RecordVerdict(flagged, action, activity);
            }
        }

        if (flagged is null)
        {
            screen.RecordClean(activity);
        }

        return !changed ? result : new RetrievalResult(kept, result.DeniedCount, kept.Count > 0 && result.HasEvidence) { EvidenceScore = result.EvidenceScore };
    }
}
