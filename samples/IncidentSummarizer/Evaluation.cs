using System.Globalization;
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

/// <summary>One labelled incident.</summary>
public sealed record IncidentLabel(string Incident, string Split, string Title, IReadOnlyList<string> RootCause);

/// <summary>The figures for one incident.</summary>
public sealed record EvaluationRow(
    string Incident, bool Grounded, int Sentences, int Citations, int SupportedCitations, int UnsupportedSentences,
    bool RootCauseCited, bool RootCauseTop1, bool BaselineTop1, int Proposed, int Approved, int Executed, int ExecutedWithoutApproval);

/// <summary>The figures over a split.</summary>
public sealed record EvaluationResult(string Split, IReadOnlyList<EvaluationRow> Rows)
{
    public int Incidents => Rows.Count;

    public double CitationPrecision => Rows.Sum(r => r.Citations) == 0 ? 0 : (double)Rows.Sum(r => r.SupportedCitations) / Rows.Sum(r => r.Citations);

    public double RootCauseCited => Rows.Count == 0 ? 0 : (double)Rows.Count(r => r.RootCauseCited) / Rows.Count;

    public double RootCauseTop1 => Rows.Count == 0 ? 0 : (double)Rows.Count(r => r.RootCauseTop1) / Rows.Count;

    public double BaselineTop1 => Rows.Count == 0 ? 0 : (double)Rows.Count(r => r.BaselineTop1) / Rows.Count;

    public int UnsupportedSentences => Rows.Sum(r => r.UnsupportedSentences);

    public int Refused => Rows.Count(r => !r.Grounded);

    public int ExecutedWithoutApproval => Rows.Sum(r => r.ExecutedWithoutApproval);

    /// <summary>Whether the targets are met: root cause cited ≥ 80 %, no unsupported sentence, no refused summary, nothing run without approval.</summary>
    public bool MeetsTargets => RootCauseCited >= 0.8 && UnsupportedSentences == 0 && Refused == 0 && ExecutedWithoutApproval == 0;

    /// <summary>Writes the table and the totals.</summary>
    public void Print(TextWriter output)
    {
        output.WriteLine($"{"incident",-32} {"grounded",8} {"sent.",5} {"cites",5} {"prec.",6} {"unsup.",6} {"rc cited",8} {"rc top1",7} {"prop.",5} {"appr.",5} {"exec.",5}");
        foreach (EvaluationRow r in Rows)
        {
            double precision = r.Citations == 0 ? 0 : (double)r.SupportedCitations / r.Citations;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Incident,-32} {(r.Grounded ? "yes" : "REFUSED"),8} {r.Sentences,5} {r.Citations,5} {precision,6:P0} {r.UnsupportedSentences,6} {(r.RootCauseCited ? "yes" : "no"),8} {(r.RootCauseTop1 ? "yes" : "no"),7} {r.Proposed,5} {r.Approved,5} {r.Executed,5}"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"split: {Split}, incidents: {Incidents}, summaries refused by grounding: {Refused}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"citation precision: {Rows.Sum(r => r.SupportedCitations)}/{Rows.Sum(r => r.Citations)} = {CitationPrecision:P1}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"root cause cited: {Rows.Count(r => r.RootCauseCited)}/{Incidents} = {RootCauseCited:P1} (target >= 80%)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"root cause, heuristic top-1: {Rows.Count(r => r.RootCauseTop1)}/{Incidents} = {RootCauseTop1:P1}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"root cause, baseline (last deploy/config change before the first failure alert): {Rows.Count(r => r.BaselineTop1)}/{Incidents} = {BaselineTop1:P1}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"unsupported sentences: {UnsupportedSentences} of {Rows.Sum(r => r.Sentences)} (target 0)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"actions: proposed {Rows.Sum(r => r.Proposed)}, approved {Rows.Sum(r => r.Approved)}, executed {Rows.Sum(r => r.Executed)}, executed without approval {ExecutedWithoutApproval} (must be 0)"));
    }
}
