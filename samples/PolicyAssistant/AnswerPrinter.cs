using System.Text.Encodings.Web;
using System.Text.Json;

namespace PolicyAssistant;

/// <summary>Writes an <see cref="AskResult"/> for people or, with <c>--json</c>, for programs.</summary>
public static class AnswerPrinter
{
    public static void WriteHuman(AskResult result)
    {
        if (result.Refused)
        {
            Console.WriteLine(result.Answer);
            Console.WriteLine($"  (refused: {result.Reason ?? "not grounded"})");
        }
        else
        {
            Console.WriteLine(result.Answer);
        }

        if (result.Citations.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Sources:");
            foreach (CitationView c in result.Citations)
            {
                string section = string.IsNullOrEmpty(c.Section) ? string.Empty : $" > {c.Section}";
                Console.WriteLine($"  [{c.Id}] {c.Title ?? c.DocumentId}{section} ({c.Source ?? c.DocumentId})");
            }
        }

        Console.WriteLine();
        Console.WriteLine(result.Redactions.Count == 0
            ? "Redacted before leaving the process: nothing"
            : "Redacted before leaving the process: " + string.Join(", ", result.Redactions.Select(r => $"{r.Key} x{r.Value}")));
        Console.WriteLine($"Audit record: {result.AuditId ?? "(none)"}");
    }

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
            }

            json.WriteStartArray("citations");
            foreach (CitationView c in result.Citations)
            {
                json.WriteStartObject();
                json.WriteString("id", c.Id);
                json.WriteString("documentId", c.DocumentId);
                json.WriteString("title", c.Title);
                json.WriteString("source", c.Source);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("redactions");
            foreach (KeyValuePair<string, long> r in result.Redactions)
            {
                json.WriteNumber(r.Key, r.Value);
            }

            json.WriteEndObject();
            json.WriteString("auditId", result.AuditId);
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
