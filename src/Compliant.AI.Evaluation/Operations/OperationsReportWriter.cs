using System.Globalization;
using System.Text.Json;
using Compliant.AI.Evaluation.Internal;
using static Compliant.AI.Evaluation.Internal.HtmlKit;

namespace Compliant.AI.Evaluation.Operations;

/// <summary>Writes an <see cref="OperationsReport"/> as JSON, CSV (long format: section,key,metric,value) or one self-contained, printable HTML page with inline SVG charts and no scripts.</summary>
internal static class OperationsReportWriter
{
    private static readonly int[] Ps = [50, 95, 99];

    public static IEnumerable<(string Section, string Key, string Metric, string Value)> Rows(OperationsReport r)
    {
        yield return ("summary", "ledger", "records", I(r.Records));
        yield return ("summary", "ledger", "verification", r.Verification ?? "not verified");
        foreach (int p in Ps)
        {
            yield return ("latency", "all", "p" + p + "_ms", OperationsReport.F(r.Latency.Percentile(p)));
        }

        foreach ((DateTimeOffset slot, LatencyHistogram h) in r.LatencyOverTime)
        {
            string key = slot.UtcDateTime.ToString("yyyy-MM-ddTHH:mm'Z'", CultureInfo.InvariantCulture);
            yield return ("latency_over_time", key, "count", I(h.Count));
            foreach (int p in Ps)
            {
                yield return ("latency_over_time", key, "p" + p + "_ms", OperationsReport.F(h.Percentile(p)));
            }
        }

        foreach ((string outcome, long n) in r.Outcomes)
        {
            yield return ("outcomes", outcome, "count", I(n));
        }

        foreach ((string key, OperationsReport.Usage u) in r.UsageByTenantModel)
        {
            yield return ("usage", key, "requests", I(u.Requests));
            yield return ("usage", key, "input_tokens", I(u.InputTokens));
            yield return ("usage", key, "output_tokens", I(u.OutputTokens));
            yield return ("usage", key, "cost", u.Cost.ToString(CultureInfo.InvariantCulture) + (u.Currency is null ? string.Empty : " " + u.Currency));
        }

        foreach ((string reason, long n) in r.RefusalsByReason)
        {
            yield return ("refusals", reason, "rate", OperationsReport.F(OperationsReport.Ratio(n, r.Records)));
        }

        foreach ((string stage, long n) in r.BlocksByStage)
        {
            yield return ("blocks", stage, "rate", OperationsReport.F(OperationsReport.Ratio(n, r.Records)));
        }

        yield return ("guardrails", "all", "records", I(r.GuardrailsRecords));
        yield return ("guardrails", "all", "rate", OperationsReport.F(OperationsReport.Ratio(r.GuardrailsRecords, r.Records)));
        yield return ("guardrails", "all", "records_with_truncated_ids", I(r.GuardrailsTruncatedRecords));
        foreach ((string sourceAction, long n) in r.GuardrailsBySourceAction)
        {
            yield return ("guardrails", sourceAction, "records", I(n));
            yield return ("guardrails", sourceAction, "rate", OperationsReport.F(OperationsReport.Ratio(n, r.Records)));
        }

        foreach ((string document, long n) in r.TopFlagged())
        {
            yield return ("guardrails_flagged_documents", document, "records", I(n));
        }

        yield return ("structured_output", "all", "reask_rate", OperationsReport.F(OperationsReport.Ratio(r.Reasked, r.StructuredRecords)));
        yield return ("structured_output", "all", "invalid_json_rate", OperationsReport.F(OperationsReport.Ratio(r.InvalidJson, r.StructuredRecords)));
        yield return ("retrieval", "all", "hit_rate", OperationsReport.F(OperationsReport.Ratio(r.RetrievalHits, r.RetrievalRecords)));
        yield return ("retrieval", "all", "access_denied_passages", I(r.AccessDeniedPassages));
        yield return ("retrieval", "all", "records_with_access_denied", I(r.RecordsWithAccessDenied));
        foreach ((string entity, long n) in r.RedactionsByEntity)
        {
            yield return ("redactions", entity, "count", I(n));
        }

        foreach ((string key, OperationsReport.PromptUsage u) in r.ByPromptVersion)
        {
            yield return ("prompts", key, "records", I(u.Records));
            yield return ("prompts", key, "refusal_rate", OperationsReport.F(OperationsReport.Ratio(u.Refusals, u.Records)));
            yield return ("prompts", key, "block_rate", OperationsReport.F(OperationsReport.Ratio(u.Blocks, u.Records)));
        }

        foreach (OperationsReport.PromptChange change in r.PromptChanges)
        {
            string key = change.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture);
            yield return ("prompt_changes", key, "revision", change.Revision);
            yield return ("prompt_changes", key, "rollout", change.Rollout);
        }

        yield return ("resilience", "all", "retries", I(r.Retries));
        yield return ("resilience", "all", "circuit_openings", I(r.CircuitOpenings));
        yield return ("resilience", "all", "failovers", I(r.Failovers));
    }

    public static void WriteCsv(OperationsReport r, TextWriter o)
    {
        o.WriteLine("section,key,metric,value");
        foreach ((string s, string k, string m, string v) in Rows(r))
        {
            o.WriteLine(string.Join(',', Csv(s), Csv(k), Csv(m), Csv(v)));
        }
    }

    public static void WriteJson(OperationsReport r, Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteBoolean("tampered", r.Tampered);
        w.WriteString("verification", r.Verification ?? "not verified");
        w.WriteNumber("records", r.Records);
        w.WriteNumber("filteredOut", r.Skipped);
        w.WriteStartArray("rows");
        foreach ((string s, string k, string m, string v) in Rows(r))
        {
            w.WriteStartObject();
            w.WriteString("section", s);
            w.WriteString("key", k);
            w.WriteString("metric", m);
            w.WriteString("value", v);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteHtml(OperationsReport r, TextWriter o)
    {
        o.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        o.Write($"<title>compliant report</title><style>{Style}</style></head><body><h1>compliant report: operations</h1>");
        string banner = r.Tampered ? "TAMPERED OR DAMAGED LEDGER: " + r.Verification : r.Verification is null ? "NOT VERIFIED (no key given): figures are unverified" : "Ledger verified: " + r.Verification;
        o.Write($"<div class=\"banner {(r.Tampered ? "fail" : r.Verification is null ? "skip" : "pass")}\" id=\"verification\">{E(banner)}</div>");
        string range = r.First is null ? "no records" : $"{r.First.Value.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)} to {r.Last!.Value.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}";
        o.Write(string.Create(CultureInfo.InvariantCulture, $"<p class=\"muted\">{r.Records} records ({r.Skipped} filtered out), {E(range)}"));
        o.Write($"{(r.Filter.Tenant is null ? string.Empty : "; tenant " + E(r.Filter.Tenant))}{(r.Filter.Model is null ? string.Empty : "; model " + E(r.Filter.Model))}. Time buckets of {E(r.Bucket.ToString())}.</p>");

        o.Write("<h2>Latency</h2>");
        o.Write(Bars("chart-latency", "Latency percentiles over all records (ms)", [.. Ps.Select(p => new BarRow("p" + p, r.Latency.Percentile(p)))], unit: " ms"));
        foreach (int p in (int[])[50, 95, 99])
        {
            o.Write($"<h3>p{p} over time</h3>");
            o.Write(Columns("chart-latency-p" + p, $"p{p} latency per time bucket (ms)", [.. r.LatencyOverTime.Select(kv => (kv.Key.UtcDateTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture), kv.Value.Percentile(p)))], " ms"));
        }

        o.Write("<h2>Tokens and cost per tenant and model</h2>");
        o.Write(Bars("chart-tokens", "Tokens (input + output) per tenant / model", [.. r.UsageByTenantModel.Select(kv => new BarRow(kv.Key, kv.Value.InputTokens + kv.Value.OutputTokens))]));
        o.Write("<table><tr><th>tenant / model</th><th>requests</th><th>input tokens</th><th>output tokens</th><th>cost</th></tr>");
        foreach ((string key, OperationsReport.Usage u) in r.UsageByTenantModel)
        {
            o.Write(string.Create(CultureInfo.InvariantCulture, $"<tr><td>{E(key)}</td><td class=\"n\">{u.Requests}</td><td class=\"n\">{u.InputTokens}</td><td class=\"n\">{u.OutputTokens}</td><td class=\"n\">{u.Cost} {E(u.Currency)}</td></tr>"));
        }

        o.Write("</table><h2>Refusals and blocks</h2>");
        o.Write(Bars("chart-refusals", "Refusal rate by reason (share of all records)", [.. r.RefusalsByReason.Select(kv => new BarRow(kv.Key, OperationsReport.Ratio(kv.Value, r.Records)))], 1));
        o.Write(Bars("chart-blocks", "Block rate by stage (share of all records)", [.. r.BlocksByStage.Select(kv => new BarRow(kv.Key, OperationsReport.Ratio(kv.Value, r.Records)))], 1));
        o.Write("<h2>Guardrails (prompt injection)</h2>");
        o.Write(Bars("chart-guardrails", "Records with a guardrails verdict, by source and action (share of all records)", [.. r.GuardrailsBySourceAction.Select(kv => new BarRow(kv.Key, OperationsReport.Ratio(kv.Value, r.Records)))], 1));
        o.Write(string.Create(CultureInfo.InvariantCulture, $"<p class=\"muted\">{r.GuardrailsRecords} records with a guardrails verdict (rate {OperationsReport.F(OperationsReport.Ratio(r.GuardrailsRecords, r.Records))}); {r.GuardrailsTruncatedRecords} named more flagged texts than they kept ids for.</p>"));
        o.Write("<table id=\"guardrails-by-source\"><tr><th>source.action</th><th>records</th><th>rate</th></tr>");
        foreach ((string sourceAction, long n) in r.GuardrailsBySourceAction)
        {
            o.Write(string.Create(CultureInfo.InvariantCulture, $"<tr><td>{E(sourceAction)}</td><td class=\"n\">{n}</td><td class=\"n\">{OperationsReport.F(OperationsReport.Ratio(n, r.Records))}</td></tr>"));
        }

        o.Write("</table><h3>Most often flagged documents</h3><table id=\"guardrails-flagged-documents\"><tr><th>document id</th><th>records in which it was flagged</th></tr>");
        foreach ((string document, long n) in r.TopFlagged())
        {
            o.Write(string.Create(CultureInfo.InvariantCulture, $"<tr><td>{E(document)}</td><td class=\"n\">{n}</td></tr>"));
        }

        o.Write("</table>");
        o.Write("<h2>Structured output, retrieval, resilience</h2>");
        o.Write(Bars("chart-rates", "Rates", [
            new BarRow("re-ask rate", OperationsReport.Ratio(r.Reasked, r.StructuredRecords)),
            new BarRow("invalid-JSON rate", OperationsReport.Ratio(r.InvalidJson, r.StructuredRecords)),
            new BarRow("retrieval hit rate", OperationsReport.Ratio(r.RetrievalHits, r.RetrievalRecords)),
            new BarRow("records with access denied", OperationsReport.Ratio(r.RecordsWithAccessDenied, r.Records)),
        ], 1));
        o.Write(string.Create(CultureInfo.InvariantCulture, $"<table><tr><th>access-denied passages</th><th>retries</th><th>circuit openings</th><th>failovers</th></tr><tr><td class=\"n\">{r.AccessDeniedPassages}</td><td class=\"n\">{r.Retries}</td><td class=\"n\">{r.CircuitOpenings}</td><td class=\"n\">{r.Failovers}</td></tr></table>"));
        o.Write("<h2>Prompt versions</h2>");
        o.Write(Bars("chart-prompts", "Refusal rate per prompt template version", [.. r.ByPromptVersion.Select(kv => new BarRow(kv.Key, OperationsReport.Ratio(kv.Value.Refusals, kv.Value.Records)))], 1));
        o.Write("<table><tr><th>template@version</th><th>records</th><th>refusal rate</th><th>block rate</th></tr>");
        foreach ((string key, OperationsReport.PromptUsage u) in r.ByPromptVersion)
        {
            o.Write(string.Create(CultureInfo.InvariantCulture, $"<tr><td>{E(key)}</td><td class=\"n\">{u.Records}</td><td class=\"n\">{OperationsReport.F(OperationsReport.Ratio(u.Refusals, u.Records))}</td><td class=\"n\">{OperationsReport.F(OperationsReport.Ratio(u.Blocks, u.Records))}</td></tr>"));
        }

        o.Write("</table><h3>Configuration changes (start-ups, rollouts, rollbacks)</h3><table id=\"prompt-changes\"><tr><th>first record after the change</th><th>revision</th><th>rollout</th></tr>");
        foreach (OperationsReport.PromptChange change in r.PromptChanges)
        {
            o.Write($"<tr><td>{E(change.Time.UtcDateTime.ToString("u", CultureInfo.InvariantCulture))}</td><td>{E(change.Revision)}</td><td>{E(change.Rollout)}</td></tr>");
        }

        o.Write("</table>");
        o.Write("<h2>Redactions by entity type</h2>");
        o.Write(Bars("chart-redactions", "Values redacted per entity type", [.. r.RedactionsByEntity.Select(kv => new BarRow(kv.Key, kv.Value))]));
        o.Write("<h2>Outcomes</h2><table><tr><th>outcome</th><th>records</th></tr>");
        foreach ((string outcome, long n) in r.Outcomes)
        {
            o.Write(string.Create(CultureInfo.InvariantCulture, $"<tr><td>{E(outcome)}</td><td class=\"n\">{n}</td></tr>"));
        }

        o.Write("</table></body></html>\n");
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Csv(string v) => v.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
}
