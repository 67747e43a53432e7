using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PolicyService.Tests;

/// <summary>One call style of the service: <c>POST /ask</c> or <c>POST /ask/stream</c>, folded into the same shape.</summary>
internal sealed record Asked(HttpStatusCode Status, string? Answer, JsonElement? Citations, JsonElement? Problem, string? AuditId, JsonElement? Redactions, string Raw)
{
    public static async Task<Asked> AskAsync(HttpClient client, string question, bool streaming)
    {
        HttpResponseMessage response = await client.PostAsJsonAsync(streaming ? "/ask/stream" : "/ask", new { question });
        string body = await response.Content.ReadAsStringAsync();
        if (!streaming || response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            JsonElement? json = body.Length > 0 ? JsonDocument.Parse(body).RootElement.Clone() : null;
            bool problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            return new Asked(
                response.StatusCode,
                problem ? null : json?.GetProperty("answer").GetString(),
                problem ? null : json?.GetProperty("citations"),
                problem ? json : null,
                problem ? (json!.Value.TryGetProperty("auditId", out JsonElement a) ? a.GetString() : null) : json?.GetProperty("auditId").GetString(),
                problem ? null : json?.GetProperty("redactions"),
                body);
        }

        List<(string Event, JsonElement Data)> events = ServerSentEvents.Parse(body);
        string answer = string.Concat(events.Where(e => e.Event == "answer").Select(e => e.Data.GetProperty("text").GetString()));
        JsonElement? citations = events.Where(e => e.Event == "citations").Select(e => (JsonElement?)e.Data).FirstOrDefault();
        JsonElement? problemEvent = events.Where(e => e.Event is "refusal" or "error").Select(e => (JsonElement?)e.Data).FirstOrDefault();
        JsonElement? audit = events.Where(e => e.Event == "audit").Select(e => (JsonElement?)e.Data).FirstOrDefault();
        Assert.Equal(problemEvent is not null && events.Any(e => e.Event == "error") ? "error" : "done", events[^1].Event);
        return new Asked(
            problemEvent is null ? response.StatusCode : (HttpStatusCode)problemEvent.Value.GetProperty("status").GetInt32(),
            problemEvent is null ? answer : null,
            citations,
            problemEvent,
            audit?.GetProperty("auditId").GetString(),
            audit?.GetProperty("redactions"),
            body);
    }
}
