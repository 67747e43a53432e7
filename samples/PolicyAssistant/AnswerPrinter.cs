using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PolicyAssistant;

/// <summary>Writes an <see cref="AskResult"/> for people, with <c>--explain</c> for people who want to know why, or with <c>--json</c> for programs.</summary>
public static class AnswerPrinter
{
    public static void WriteHuman(TextWriter output, AskResult result, bool explain)
    {
        output.WriteLine(result.Answer);
        if (result.Refused)
        {
            output.WriteLine($"  (refused: {result.Reason ?? "not grounded"} - {Explain(result)})");
        }

        if (result.Citations.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Sources:");
            foreach (CitationView c in result.Citations)
            {
                string section = string.IsNullOrEmpty(c.Section) ? string.Empty : $" > {c.Section}";
                output.WriteLine($"  [{c.Id}] {c.Title ?? c.DocumentId}{section} ({c.Source ?? c.DocumentId})");
            }
        }

        if (explain && result.Retrieval is { } r)
        {
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Why: retrieval ({r.Method}) found {r.Passages.Count} readable passage(s); evidence {(r.HasEvidence ? "sufficient" : "insufficient")} (figure {(r.EvidenceScore is { } e ? e.ToString("F3", CultureInfo.InvariantCulture) : "-")}); top score {(r.TopScore is { } t ? t.ToString("F3", CultureInfo.InvariantCulture) : "-")}{(r.AccessDenied ? "; passages you may not read matched the question" : string.Empty)}."));
            foreach (PassageView p in r.Passages)
            {
                string section = string.IsNullOrEmpty(p.Section) ? string.Empty : $" > {p.Section}";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Score,8:F3}  {p.ChunkId}  {p.Title ?? p.DocumentId}{section}"));
            }
        }

        output.WriteLine();
        if (result.Corpus is { } corpus)
        {
            output.WriteLine($"Corpus: {(corpus.Bundled ? "the bundled policies" : corpus.Folder)} ({corpus.Documents} documents{(corpus.DefaultAcl is null ? string.Empty : $", default access {corpus.DefaultAcl}")})");
        }

        output.WriteLine(result.Redactions.Count == 0
            ? "Redacted before leaving the process: nothing"
            : "Redacted before leaving the process: " + string.Join(", ", result.Redactions.Select(r => $"{r.Key} x{r.Value}")));
        output.WriteLine($"Audit record: {result.AuditId ?? "(none)"}");
    }

    /// <summary>A sentence for people on why a question was refused.</summary>
    public static string Explain(AskResult result) => result.Reason switch
    {
        "access_denied" => "matching passages exist, but your groups may not read them (ask with --groups, or ask the policy owner)",
        "no_evidence" when result.Retrieval is { Passages.Count: 0 } => "no approved passage matches the question",
        "no_evidence" => "the best passages do not cover enough of the question",
        "no_question" => "there was no question to answer",
        "model_declined" => "the model found no answer in the passages it was given",
        "unknown_citation" or "missing_citation" or "unsupported_claim" => "the model's answer was not supported by the cited passages",
        "instruction_echo" => "the model repeated its instructions instead of answering",
        null => "not grounded",
        _ => "see the audit record",
    };

    public static void WriteJson(TextWriter output, AskResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("answer", result.Answer);
            json.WriteBoolean("refused", result.Refused);
            if (result.Reason is not null)
            {
                json.WriteString("reason", result.Reason);
                json.WriteString("reasonText", Explain(result));
            }

            json.WriteStartArray("citations");
            foreach (CitationView c in result.Citations)
            {
                json.WriteStartObject();
                json.WriteString("id", c.Id);
                json.WriteString("documentId", c.DocumentId);
                json.WriteString("title", c.Title);
                json.WriteString("section", c.Section);
                json.WriteString("source", c.Source);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (result.Retrieval is { } r)
            {
                json.WriteStartObject("retrieval");
                json.WriteString("method", r.Method);
                json.WriteBoolean("hasEvidence", r.HasEvidence);
                if (r.TopScore is { } top)
                {
                    json.WriteNumber("topScore", Math.Round(top, 6));
                }
                else
                {
                    json.WriteNull("topScore");
                }

                if (r.EvidenceScore is { } evidence)
                {
                    json.WriteNumber("evidenceScore", Math.Round(evidence, 6));
                }
                else
                {
                    json.WriteNull("evidenceScore");
                }

                json.WriteBoolean("accessDenied", r.AccessDenied);
                json.WriteStartArray("passages");
                foreach (PassageView p in r.Passages)
                {
                    json.WriteStartObject();
                    json.WriteString("id", p.ChunkId);
                    json.WriteString("documentId", p.DocumentId);
                    json.WriteNumber("score", Math.Round(p.Score, 6));
                    json.WriteString("title", p.Title);
                    json.WriteString("section", p.Section);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            if (result.Corpus is { } corpus)
            {
                json.WriteStartObject("corpus");
                json.WriteString("name", corpus.Name);
                json.WriteString("folder", corpus.Folder);
                json.WriteBoolean("bundled", corpus.Bundled);
                json.WriteNumber("documents", corpus.Documents);
                json.WriteString("defaultAcl", corpus.DefaultAcl);
                json.WriteEndObject();
            }

            json.WriteStartObject("redactions");
            foreach (KeyValuePair<string, long> redaction in result.Redactions)
            {
                json.WriteNumber(redaction.Key, redaction.Value);
            }

            json.WriteEndObject();
            json.WriteString("auditId", result.AuditId);
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
