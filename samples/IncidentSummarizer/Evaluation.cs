using System.Text.Json;

namespace IncidentSummarizer;

/// <summary>Runs the summarizer over the labelled incidents and measures citations, root causes and approvals.</summary>
public static class Evaluation
{
    /// <summary>Reads <c>labels.jsonl</c>: one <c>{"incident","split","title","root_cause":[ids]}</c> per line.</summary>
    public static IReadOnlyList<IncidentLabel> ReadLabels(string directory)
    {
        string path = Path.Combine(directory, "labels.jsonl");
        if (!File.Exists(path))
        {
            throw new IncidentInputException($"No labels.jsonl in {directory}.");
        }

        return File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<IncidentLabel>(l, IncidentJson.Options)!).ToArray();
    }

    /// <summary>Summarizes every incident of <paramref name="split"/> (<c>tuning</c>, <c>heldout</c> or <c>all</c>) and scores the results.</summary>
    public static async Task<EvaluationResult> RunAsync(IncidentApp app, string directory, string split, ApprovalPolicy policy, string approver, bool streaming, CancellationToken cancellationToken)
    {
        IReadOnlyList<IncidentLabel> labels = ReadLabels(directory).Where(l => split == "all" || l.Split == split).ToArray();
        var rows = new List<EvaluationRow>();
        foreach (IncidentLabel label in labels)
        {
            IReadOnlyList<IncidentEvent> events = IncidentReader.ReadFile(Path.Combine(directory, label.Incident + ".jsonl"));
            IncidentReport report = await app.SummarizeAsync(label.Incident, events, streaming, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<ProposedAction> actions = await app.ProposeActionsAsync(report, policy, approver, cancellationToken).ConfigureAwait(false);
            var text = report.Timeline.ToDictionary(e => e.Id, e => e.Text, StringComparer.Ordinal);

            int pairs = 0, supportedPairs = 0, unsupported = 0;
            foreach (SummarySentence sentence in report.Summary)
            {
                int supporting = 0;
                foreach (string id in sentence.Cites)
                {
                    pairs++;
                    if (text.TryGetValue(id, out string? eventText) && CitationCheck.Supports(sentence.Text, eventText))
                    {
                        supportedPairs++;
                        supporting++;
                    }
                }

                if (supporting == 0)
                {
                    unsupported++;
                }
            }

            HashSet<string> cited = report.Summary.SelectMany(s => s.Cites).ToHashSet(StringComparer.Ordinal);
            rows.Add(new EvaluationRow(
                label.Incident,
                report.Grounded,
                report.Summary.Count,
                pairs,
                supportedPairs,
                unsupported,
                label.RootCause.Any(cited.Contains),
                report.RootCause is { } rc && label.RootCause.Contains(rc.EventId),
                BaselineSuspect(report.Timeline) is { } baseline && label.RootCause.Contains(baseline),
                actions.Count,
                actions.Count(a => a.Decision == "approved"),
                actions.Count(a => a.Executed),
                actions.Count(a => a.Executed && a.Decision != "approved")));
        }

        return new EvaluationResult(split, rows);
    }

    /// <summary>The baseline: the last deploy or config change before the first failure alert (what people check first).</summary>
    public static string? BaselineSuspect(IReadOnlyList<IncidentEvent> timeline)
    {
        EventView[] views = timeline.Select(e => new EventView(e.Id, e.Kind, e.Source, e.Text)).ToArray();
        int symptom = RootCauseHeuristic.FindSymptom(views);
        for (int i = symptom - 1; i >= 0; i--)
        {
            if (views[i].Kind is "deploy" or "config")
            {
                return views[i].Id;
            }
        }

        return null;
    }
}
