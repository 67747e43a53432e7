using System.Globalization;
using System.Text.Json;

namespace IncidentSummarizer;

/// <summary>Prints a report for a person: timeline, summary with event ids, suspected root cause, actions.</summary>
public static class ReportPrinter
{
    public static void Print(IncidentReport report, TextWriter output)
    {
        output.WriteLine($"Incident {report.Incident} ({report.Timeline.Count} events)");
        output.WriteLine();
        output.WriteLine("Timeline");
        foreach (IncidentEvent e in report.Timeline)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {e.Timestamp.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {e.Id,-4} {e.Kind,-6} {e.Source,-18} {e.Text}"));
        }

        output.WriteLine();
        if (report.Grounded)
        {
            output.WriteLine("Summary (every sentence cites the events it rests on)");
            foreach (SummarySentence s in report.Summary)
            {
                output.WriteLine($"  - {s.Text} [{string.Join("][", s.Cites)}]");
            }
        }
        else
        {
            output.WriteLine($"Summary refused by the grounding stage ({report.RefusalReason}): nothing unverified is shown.");
        }

        output.WriteLine();
        if (report.RootCause is { } rc)
        {
            output.WriteLine($"Suspected root cause (heuristic, check it): {rc.EventId}: {rc.Text}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  evidence: {string.Join(", ", rc.Evidence)}; score {rc.Score:0.##} ({string.Join(", ", rc.Reasons)})"));
        }
        else
        {
            output.WriteLine("Suspected root cause: none (no failure alert in the events).");
        }

        output.WriteLine();
        output.WriteLine("Proposed actions (nothing runs without approval)");
        if (report.Actions.Count == 0)
        {
            output.WriteLine("  none");
        }

        foreach (ProposedAction a in report.Actions)
        {
            string state = a.Executed ? "EXECUTED" : "not executed";
            output.WriteLine($"  {a.Tool} {JsonSerializer.Serialize(a.Arguments, IncidentJson.Options)}: {a.Decision} by {a.Approver}, {state} ({a.Result})");
        }
    }
}
