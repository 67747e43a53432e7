using System.Globalization;

namespace IncidentSummarizer;

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
