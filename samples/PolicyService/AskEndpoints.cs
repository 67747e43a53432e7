using System.Text.Json;
using Compliant.AI;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.AI;
using PolicyAssistant;

namespace PolicyService;

/// <summary><c>POST /ask</c> (JSON) and <c>POST /ask/stream</c> (server-sent events).</summary>
internal static class AskEndpoints
{
    public const int MaxQuestionLength = 2000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Answers a question for the caller from the token; a refusal is a 422 problem with the reason and the audit id.</summary>
    public static async Task<Results<Ok<AnswerDto>, ProblemHttpResult>> AskAsync(AskRequest request, HttpContext http, AssistantHost host, IChatClient chat, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        CallerContext caller = http.GetCompliantAICaller()!;
        PolicyRetriever.StrongBox capture = PolicyRetriever.BeginCapture();
        ChatResponse response = await chat.GetResponseAsync(request.Question!, new ChatOptions().WithCaller(caller), cancellationToken);
        (AskResult result, IReadOnlyList<CitationDto> citations) = AnswerBuilder.Describe(host.App, response, capture);
        if (response.GetGroundingResult() is { Refused: true } refusal)
        {
            return TypedResults.Problem(ComplianceProblemDetails.ForGroundingRefusal(refusal, result.AuditId));
        }

        return TypedResults.Ok(new AnswerDto(result.Answer, citations, result.Redactions, result.AuditId));
    }

    /// <summary>
    /// Streams the answer as server-sent events: <c>answer</c> chunks, then <c>citations</c> (or <c>refusal</c>, a problem),
    /// then <c>audit</c> (the record id and redactions), then <c>done</c>. A failure after the stream started is an
    /// <c>error</c> event carrying a problem; before it started, the usual Problem Details response.
    /// </summary>
    public static async Task StreamAsync(AskRequest request, HttpContext http, AssistantHost host, IChatClient chat, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } invalid)
        {
            await invalid.ExecuteAsync(http);
            return;
        }

        CallerContext caller = http.GetCompliantAICaller()!;
        PolicyRetriever.StrongBox capture = PolicyRetriever.BeginCapture();
        var updates = new List<ChatResponseUpdate>();
        await using IAsyncEnumerator<ChatResponseUpdate> stream = chat
            .GetStreamingResponseAsync(request.Question!, new ChatOptions().WithCaller(caller), cancellationToken)
            .GetAsyncEnumerator(cancellationToken);

        // The first step runs before any byte is sent, so a refusal before the model (budget, rate limit, redaction,
        // audit) is still an ordinary Problem Details response through the exception handler.
        bool any = await stream.MoveNextAsync();
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            while (any)
            {
                ChatResponseUpdate update = stream.Current;
                updates.Add(update);
                if (!string.IsNullOrEmpty(update.Text))
                {
                    await WriteEventAsync(http, "answer", new AnswerChunkDto(update.Text), cancellationToken);
                }

                any = await stream.MoveNextAsync();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ProblemDetails problem = ComplianceProblemDetails.TryCreate(ex, out ProblemDetails? mapped)
                ? mapped
                : new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "The answer failed", Detail = "The answer could not be completed." };
            await WriteEventAsync(http, "error", problem, cancellationToken);
            return;
        }

        ChatResponse response = updates.ToChatResponse();
        (AskResult result, IReadOnlyList<CitationDto> citations) = AnswerBuilder.Describe(host.App, response, capture);
        if (response.GetGroundingResult() is { Refused: true } refusal)
        {
            await WriteEventAsync(http, "refusal", ComplianceProblemDetails.ForGroundingRefusal(refusal, result.AuditId), cancellationToken);
        }
        else
        {
            await WriteEventAsync(http, "citations", citations, cancellationToken);
        }

        await WriteEventAsync(http, "audit", new AuditDto(result.AuditId, result.Redactions), cancellationToken);
        await WriteEventAsync(http, "done", new { }, cancellationToken);
    }

    private static ProblemHttpResult? Validate(AskRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Question))
        {
            return TypedResults.Problem(title: "Question missing", detail: "Send {\"question\": \"...\"}.", statusCode: StatusCodes.Status400BadRequest);
        }

        return request.Question.Length > MaxQuestionLength
            ? TypedResults.Problem(title: "Question too long", detail: $"A question has at most {MaxQuestionLength} characters.", statusCode: StatusCodes.Status400BadRequest)
            : null;
    }

    private static async Task WriteEventAsync<T>(HttpContext http, string name, T data, CancellationToken cancellationToken)
    {
        await http.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data, Json)}\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }
}
