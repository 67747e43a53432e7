namespace IncidentSummarizer;

/// <summary>
/// A deterministic, explainable guess at an incident's root cause, for the offline model and as a baseline: the
/// change or the cause-bearing event that precedes the first failure alert, scored. A real LLM reads the events and
/// reasons about them; this is a rule of thumb that an incident commander must check.
/// </summary>
/// <remarks>
/// <para>The <b>symptom</b> is the first alert that reports a failure (not <c>INFO</c>, <c>WARNING</c> or
/// <c>RESOLVED</c>). Every event up to and including it is a candidate, scored by adding:</para>
/// <list type="bullet">
///   <item>its kind: deploy or config change +3, log line +1, alert 0, chat message −1 (people speculate in chat);</item>
///   <item>+3 when its text names a cause (<see cref="CauseWords"/>: expired, deleted, lowered, rotated, restarted, ...);</item>
///   <item>+2 when it concerns a failing service: its source is the symptom's service or a service whose log lines
///   failed before the symptom, or its text names one;</item>
///   <item>+3 for the symptom itself when it names a failed dependency (unreachable, 503, outage);</item>
///   <item>−2 for routine text (0 errors, succeeded, completed, ...), −3 for a mitigation (rolled back, reverted, ...);</item>
///   <item>up to +0.5 for being closer to the symptom.</item>
/// </list>
/// <para>Ties go to the earlier event. The words and weights were chosen on the 20 tuning incidents; the 5 held-out
/// incidents were run only once they were fixed (see the README).</para>
/// </remarks>
public static class RootCauseHeuristic
{
    /// <summary>Words that state a cause: something expired, was changed, removed or restarted.</summary>
    public static readonly string[] CauseWords =
    [
        "expired", "expire", "deleted", "removed", "lowered", "raised", "reduced", "disabled", "enabled", "changed",
        "moved", "rotated", "restarted", "no space", "no server", "lost", "exhausted", "migration", "without concurrently",
    ];

    private static readonly string[] FailureWords =
    [
        "fail", "error", "5xx", "500", "502", "503", "504", "timeout", "timed out", "unreachable", "refused", "down",
        "rejected", "declined", "exception", "unavailable", "not delivered", "not posted", "outage", "latency", "429",
        "restarting", "oomkilled", "cannot", "no healthy", "logged out", "not ingested", "has not",
    ];

    private static readonly string[] DependencyWords = ["unreachable", "connection refused", "503", "service unavailable", "outage"];

    private static readonly string[] RoutineWords = ["0 errors", "succeeded", "completed", "finished", " ok ", "normal", "healthy targets"];

    private static readonly string[] MitigationWords = ["rolled back", "reverted", "restored", "set back", "re-enabled", "switched", "rollback"];

    /// <summary>Returns the index of the symptom: the first alert that reports a failure, or -1 when there is none.</summary>
    public static int FindSymptom(IReadOnlyList<EventView> events)
    {
        for (int i = 0; i < events.Count; i++)
        {
            if (IsFailureAlert(events[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether the event is an alert reporting a failure.</summary>
    public static bool IsFailureAlert(EventView e)
    {
        if (e.Kind != "alert")
        {
            return false;
        }

        string text = e.Text.TrimStart();
        if (text.StartsWith("INFO", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("WARNING", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("RESOLVED", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return text.StartsWith("CRITICAL", StringComparison.OrdinalIgnoreCase) || ContainsAny(text, FailureWords);
    }

    /// <summary>Ranks the candidates, best first; empty when there is no failure alert.</summary>
    public static IReadOnlyList<RootCauseCandidate> Rank(IReadOnlyList<EventView> events)
    {
        int symptom = FindSymptom(events);
        if (symptom < 0)
        {
            return [];
        }

        var failing = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { events[symptom].Source };
        for (int i = 0; i < symptom; i++)
        {
            if (events[i].Kind == "log" && ContainsAny(events[i].Text, FailureWords))
            {
                failing.Add(events[i].Source);
            }
        }

        var candidates = new List<RootCauseCandidate>();
        for (int i = 0; i <= symptom; i++)
        {
            EventView e = events[i];
            var reasons = new List<string>();
            double score = e.Kind switch
            {
                "deploy" or "config" => 3,
                "log" => 1,
                "chat" => -1,
                _ => 0,
            };
            reasons.Add(e.Kind);
            if (ContainsAny(e.Text, CauseWords))
            {
                score += 3;
                reasons.Add("names a cause");
            }

            if (failing.Contains(e.Source) || failing.Any(s => e.Text.Contains(s, StringComparison.OrdinalIgnoreCase)))
            {
                score += 2;
                reasons.Add("failing service");
            }

            if (i == symptom && ContainsAny(e.Text, DependencyWords))
            {
                score += 3;
                reasons.Add("failed dependency");
            }

            if (ContainsAny(" " + e.Text + " ", RoutineWords))
            {
                score -= 2;
                reasons.Add("routine");
            }

            if (ContainsAny(e.Text, MitigationWords))
            {
                score -= 3;
                reasons.Add("mitigation");
            }

            score += 0.5 * (i + 1) / (symptom + 1);
            candidates.Add(new RootCauseCandidate(i, Math.Round(score, 3), reasons));
        }

        return candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Index).ToArray();
    }

    private static bool ContainsAny(string text, string[] words) => words.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));
}
