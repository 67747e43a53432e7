using System.Globalization;
using System.Text.Json;

namespace Compliant.AI.Evaluation.Operations;

/// <summary>
/// What a pipeline did, aggregated from its audit records while they stream past (constant memory per time bucket,
/// tenant, model, reason and entity type; never a list of records). Built by <see cref="Add(JsonElement)"/>.
/// </summary>
internal sealed class OperationsReport(OperationsFilter filter, TimeSpan bucket)
{
    public OperationsFilter Filter { get; } = filter;

    public TimeSpan Bucket { get; } = bucket;

    /// <summary>Gets the verification verdict: <see langword="null"/> when not verified.</summary>
    public string? Verification { get; set; }

    /// <summary>Gets a value indicating whether verification found the ledger tampered with or damaged.</summary>
    public bool Tampered { get; set; }

    public long Records { get; private set; }

    public long Skipped { get; private set; }

    public DateTimeOffset? First { get; private set; }

    public DateTimeOffset? Last { get; private set; }

    public LatencyHistogram Latency { get; } = new();

    public SortedDictionary<DateTimeOffset, LatencyHistogram> LatencyOverTime { get; } = [];

    public SortedDictionary<string, long> Outcomes { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, Usage> UsageByTenantModel { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> RefusalsByReason { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> BlocksByStage { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> RedactionsByEntity { get; } = new(StringComparer.Ordinal);

    public long StructuredRecords { get; private set; }

    public long Reasked { get; private set; }

    public long InvalidJson { get; private set; }

    public long RetrievalRecords { get; private set; }

    public long RetrievalHits { get; private set; }

    public long AccessDeniedPassages { get; private set; }

    public long RecordsWithAccessDenied { get; private set; }

    public long Retries { get; private set; }

    public long CircuitOpenings { get; private set; }

    public long Failovers { get; private set; }

    /// <summary>Records with at least one guardrails verdict of each source and action (<c>document.drop</c>, <c>user.block</c>, …).</summary>
    public SortedDictionary<string, long> GuardrailsBySourceAction { get; } = new(StringComparer.Ordinal);

    /// <summary>Records with at least one guardrails verdict.</summary>
    public long GuardrailsRecords { get; private set; }

    /// <summary>Records whose guardrails verdicts left flagged ids out (<c>flagged_truncated</c>).</summary>
    public long GuardrailsTruncatedRecords { get; private set; }

    /// <summary>Per flagged document id, the records in which it was flagged; at most <see cref="MaxFlaggedDocuments"/> ids.</summary>
    public Dictionary<string, long> FlaggedDocuments { get; } = new(StringComparer.Ordinal);

    /// <summary>How many distinct flagged document ids the report counts (it streams the ledger; memory stays bounded). Ids first seen after that are not counted.</summary>
    public const int MaxFlaggedDocuments = 10_000;

    /// <summary>How many flagged document ids the report lists, most often flagged first.</summary>
    public const int TopFlaggedDocuments = 10;

    /// <summary>Gets the most often flagged document ids with the records in which each was flagged (ties by id).</summary>
    public IEnumerable<KeyValuePair<string, long>> TopFlagged() =>
        FlaggedDocuments.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(TopFlaggedDocuments);

    /// <summary>Records, refusals and blocks per prompt template version (<c>name@version</c>, candidates marked).</summary>
    public SortedDictionary<string, PromptUsage> ByPromptVersion { get; } = new(StringComparer.Ordinal);

    /// <summary>The prompt configuration changes recorded in the ledger (start-ups, rollouts, rollbacks), oldest first; at most <see cref="MaxPromptChanges"/>.</summary>
    public List<PromptChange> PromptChanges { get; } = [];

    /// <summary>How many prompt configuration changes the report keeps (it streams the ledger; memory stays bounded).</summary>
    public const int MaxPromptChanges = 1000;

    /// <summary>Adds one audit record (the <c>rec</c> object of a ledger line) when it passes the filter.</summary>
    public void Add(JsonElement rec)
    {
        DateTimeOffset time = rec.TryGetProperty("timestamp", out JsonElement t) && t.TryGetDateTimeOffset(out DateTimeOffset ts) ? ts : default;
        string tenant = rec.TryGetProperty("caller", out JsonElement caller) && caller.TryGetProperty("tenantId", out JsonElement tn) && tn.ValueKind == JsonValueKind.String ? tn.GetString()! : "(none)";
        string model = rec.TryGetProperty("model", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "(unknown)";
        if ((Filter.Since is { } since && time < since) || (Filter.Until is { } until && time >= until)
            || (Filter.Tenant is not null && tenant != Filter.Tenant) || (Filter.Model is not null && model != Filter.Model))
        {
            Skipped++;
            return;
        }

        Records++;
        First = First is null || time < First ? time : First;
        Last = Last is null || time > Last ? time : Last;
        double latency = rec.TryGetProperty("latencyMs", out JsonElement l) && l.ValueKind == JsonValueKind.Number ? l.GetDouble() : double.NaN;
        Latency.Add(latency);
        var slot = new DateTimeOffset(time.UtcTicks - (time.UtcTicks % Bucket.Ticks), TimeSpan.Zero);
        if (!LatencyOverTime.TryGetValue(slot, out LatencyHistogram? histogram))
        {
            LatencyOverTime[slot] = histogram = new LatencyHistogram();
        }

        histogram.Add(latency);
        string outcome = rec.TryGetProperty("outcome", out JsonElement o) && o.ValueKind == JsonValueKind.String ? o.GetString()! : "Succeeded";
        Outcomes[outcome] = Outcomes.GetValueOrDefault(outcome) + 1;

        string key = tenant + " / " + model;
        Usage usage = UsageByTenantModel.GetValueOrDefault(key) ?? (UsageByTenantModel[key] = new Usage());
        usage.Requests++;
        usage.InputTokens += Long(rec, "inputTokens");
        usage.OutputTokens += Long(rec, "outputTokens");
        if (rec.TryGetProperty("cost", out JsonElement cost) && cost.ValueKind == JsonValueKind.Number)
        {
            usage.Cost += cost.GetDecimal();
            usage.Currency ??= rec.TryGetProperty("currency", out JsonElement c) ? c.GetString() : null;
        }

        bool blocked = false;
        bool refused = false;
        bool invalidJson = false;
        string? blockStage = null;
        HashSet<string>? guardrails = null;
        HashSet<string>? flaggedDocuments = null;
        bool truncated = false;
        if (rec.TryGetProperty("verdicts", out JsonElement verdicts) && verdicts.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement v in verdicts.EnumerateArray())
            {
                string stage = v.TryGetProperty("stage", out JsonElement s) ? s.GetString() ?? "?" : "?";
                string decision = v.TryGetProperty("decision", out JsonElement d) ? d.GetString() ?? string.Empty : string.Empty;
                string reason = v.TryGetProperty("reason", out JsonElement r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "(none)";
                if (decision == "Deny")
                {
                    if (stage == "grounding")
                    {
                        RefusalsByReason[reason] = RefusalsByReason.GetValueOrDefault(reason) + 1;
                        refused = true;
                    }

                    blocked = true;
                    blockStage ??= stage;
                }

                // One verdict per invalid attempt: the record counts once, so the rate is a share of structured records.
                invalidJson |= stage == "structured_output" && reason == "invalid_json";

                if (stage == "guardrails" && reason.StartsWith("prompt_injection.", StringComparison.Ordinal))
                {
                    // prompt_injection.<source>.<action>; the record counts once per source and action.
                    (guardrails ??= new HashSet<string>(StringComparer.Ordinal)).Add(reason["prompt_injection.".Length..]);
                    if (v.TryGetProperty("details", out JsonElement gd) && gd.ValueKind == JsonValueKind.Object)
                    {
                        if (gd.TryGetProperty("flagged_documents", out JsonElement docs) && docs.ValueKind == JsonValueKind.String)
                        {
                            foreach (string id in docs.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries))
                            {
                                (flaggedDocuments ??= new HashSet<string>(StringComparer.Ordinal)).Add(id);
                            }
                        }

                        truncated |= gd.TryGetProperty("flagged_truncated", out JsonElement tr) && tr.ValueKind == JsonValueKind.String && tr.GetString() == "true";
                    }
                }

                if (stage == "prompts" && reason == "configuration_changed" && PromptChanges.Count < MaxPromptChanges)
                {
                    PromptChanges.Add(PromptChange.From(time, v));
                }
            }
        }

        InvalidJson += invalidJson ? 1 : 0;
        if (guardrails is not null)
        {
            GuardrailsRecords++;
            GuardrailsTruncatedRecords += truncated ? 1 : 0;
            foreach (string sourceAction in guardrails)
            {
                GuardrailsBySourceAction[sourceAction] = GuardrailsBySourceAction.GetValueOrDefault(sourceAction) + 1;
            }

            foreach (string id in flaggedDocuments ?? [])
            {
                if (FlaggedDocuments.TryGetValue(id, out long n))
                {
                    FlaggedDocuments[id] = n + 1;
                }
                else if (FlaggedDocuments.Count < MaxFlaggedDocuments)
                {
                    FlaggedDocuments[id] = 1;
                }
            }
        }

        if (blocked)
        {
            BlocksByStage[blockStage!] = BlocksByStage.GetValueOrDefault(blockStage!) + 1;
        }

        if (rec.TryGetProperty("prompts", out JsonElement prompts) && prompts.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement prompt in prompts.EnumerateArray())
            {
                string name = prompt.TryGetProperty("name", out JsonElement pn) && pn.ValueKind == JsonValueKind.String ? pn.GetString()! : "?";
                string version = prompt.TryGetProperty("version", out JsonElement pv) && pv.ValueKind == JsonValueKind.String ? pv.GetString()! : "?";
                bool candidate = prompt.TryGetProperty("candidate", out JsonElement pc) && pc.ValueKind == JsonValueKind.True;
                string promptKey = name + "@" + version + (candidate ? " (candidate)" : string.Empty);
                PromptUsage promptUsage = ByPromptVersion.GetValueOrDefault(promptKey) ?? (ByPromptVersion[promptKey] = new PromptUsage());
                promptUsage.Records++;
                promptUsage.Refusals += refused ? 1 : 0;
                promptUsage.Blocks += blocked ? 1 : 0;
            }
        }

        if (rec.TryGetProperty("counters", out JsonElement counters) && counters.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty c in counters.EnumerateObject())
            {
                long n = c.Value.ValueKind == JsonValueKind.Number ? c.Value.GetInt64() : 0;
                switch (c.Name)
                {
                    case "structured_output.attempts":
                        StructuredRecords++;
                        Reasked += n > 1 ? 1 : 0;
                        break;
                    case "grounding.sources":
                        RetrievalRecords++;
                        RetrievalHits += n > 0 ? 1 : 0;
                        break;
                    case "grounding.denied_passages":
                        AccessDeniedPassages += n;
                        RecordsWithAccessDenied += n > 0 ? 1 : 0;
                        break;
                    case "resilience.retries":
                        Retries += n;
                        break;
                    case "resilience.circuit.open":
                        CircuitOpenings += n;
                        break;
                    case "resilience.failovers":
                        Failovers += n;
                        break;
                    default:
                        if (c.Name.StartsWith("pii.redacted.", StringComparison.Ordinal))
                        {
                            string entity = c.Name["pii.redacted.".Length..];
                            RedactionsByEntity[entity] = RedactionsByEntity.GetValueOrDefault(entity) + n;
                        }

                        break;
                }
            }
        }
    }

    public static double Ratio(long numerator, long denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;

    public static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.###", CultureInfo.InvariantCulture);

    private static long Long(JsonElement rec, string name) =>
        rec.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : 0;

    /// <summary>Requests, tokens and cost of one tenant and model.</summary>
    internal sealed class Usage
    {
        public long Requests { get; set; }

        public long InputTokens { get; set; }

        public long OutputTokens { get; set; }

        public decimal Cost { get; set; }

        public string? Currency { get; set; }
    }

    /// <summary>Records served with one prompt template version.</summary>
    internal sealed class PromptUsage
    {
        public long Records { get; set; }

        public long Refusals { get; set; }

        public long Blocks { get; set; }
    }

    /// <summary>One prompt configuration change as the ledger recorded it: when, the revision, and each template's rollout.</summary>
    internal sealed record PromptChange(DateTimeOffset Time, string Revision, string Rollout)
    {
        public static PromptChange From(DateTimeOffset time, JsonElement verdict)
        {
            string revision = "?";
            var rollout = new List<string>();
            if (verdict.TryGetProperty("details", out JsonElement details) && details.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty detail in details.EnumerateObject())
                {
                    string value = detail.Value.ValueKind == JsonValueKind.String ? detail.Value.GetString()! : detail.Value.GetRawText();
                    if (detail.Name == "revision")
                    {
                        revision = value;
                    }
                    else if (detail.Name.StartsWith("template.", StringComparison.Ordinal))
                    {
                        rollout.Add(detail.Name["template.".Length..] + ": " + value);
                    }
                }
            }

            return new PromptChange(time, revision, string.Join("; ", rollout));
        }
    }
}
