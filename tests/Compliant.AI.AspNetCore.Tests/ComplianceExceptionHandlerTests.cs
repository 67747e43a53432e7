using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.AspNetCore.Tests;

public sealed class ComplianceExceptionHandlerTests
{
    private const string Canary = "jane.canary@example.org 078-05-1120";

    public static TheoryData<string, int, string> Refusals() => new()
    {
        { "budget", 429, CompliantAIProblemTypes.BudgetExceeded },
        { "rate", 429, CompliantAIProblemTypes.RateLimited },
        { "schema", 502, CompliantAIProblemTypes.SchemaValidationFailed },
        { "redaction", 503, CompliantAIProblemTypes.RedactionFailed },
        { "audit", 503, CompliantAIProblemTypes.AuditUnavailable },
        { "audit-corrupted", 503, CompliantAIProblemTypes.AuditUnavailable },
        { "provider", 502, CompliantAIProblemTypes.ModelProviderFailed },
        { "wrapped-rate", 429, CompliantAIProblemTypes.RateLimited },
        { "other-refusal", 403, CompliantAIProblemTypes.ComplianceRejected },
        { "grounding", 422, CompliantAIProblemTypes.GroundingRefused },
    };

    private static Exception Create(string kind) => kind switch
    {
        "budget" => new BudgetExceededException(Canary) { Period = "day", TenantId = Canary, ResetsAt = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero) },
        "rate" => new RateLimitExceededException(Canary) { TenantId = Canary, RetryAfter = TimeSpan.FromMilliseconds(1500) },
        "schema" => new StructuredOutputValidationException(Canary),
        "redaction" => new PiiRedactionException(Canary),
        "audit" => new AuditWriteException(Canary),
        "audit-corrupted" => new AuditLedgerCorruptedException(Canary),
        "provider" => new ChatProviderException(Canary),
        "wrapped-rate" => new InvalidOperationException(Canary, new RateLimitExceededException(Canary)),
        "other-refusal" => new InjectionBlockedException(Canary),
        "grounding" => new GroundingRefusedException(GroundingReasons.ModelDeclined, new InvalidOperationException(Canary)),
        _ => new InvalidOperationException(Canary),
    };

    private static async Task<(HttpResponseMessage Response, string Body)> ThrowAsync(string kind)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 23, 0, 0, TimeSpan.Zero));
        await using WebApplication app = await TestApp.StartAsync(
            a => a.MapGet("/fail", IResult () => throw Create(kind)),
            services => services.AddSingleton<TimeProvider>(time));
        HttpResponseMessage response = await app.GetTestClient().GetAsync("/fail");
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task TryHandle_ComplianceException_ProblemDetailsWithFixedTextAndNoPersonalData(string kind, int status, string type)
    {
        (HttpResponseMessage response, string body) = await ThrowAsync(kind);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.DoesNotContain("canary", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("078-05", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryHandle_Budget_RetryAfterUntilThePeriodEnds()
    {
        (HttpResponseMessage response, string body) = await ThrowAsync("budget");

        Assert.Equal("3600", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        JsonElement problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("day", problem.GetProperty("period").GetString());
        Assert.Equal("2026-12-07T00:00:00.0000000+00:00", problem.GetProperty("resetsAt").GetString());
    }

    [Fact]
    public async Task TryHandle_RateLimit_RetryAfterRoundedUpToWholeSeconds()
    {
        (HttpResponseMessage response, string body) = await ThrowAsync("rate");

        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        Assert.Equal(2, JsonDocument.Parse(body).RootElement.GetProperty("retryAfterSeconds").GetInt32());
    }

    [Fact]
    public async Task TryHandle_OtherException_NotMapped_Generic500WithoutMessage()
    {
        (HttpResponseMessage response, string body) = await ThrowAsync("other");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("canary", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("urn:compliant-ai", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryHandle_AnyComplianceRejection_CarriesStageAndReasonCodes()
    {
        (_, string body) = await ThrowAsync("other-refusal");

        JsonElement problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("guardrails", problem.GetProperty("stage").GetString());
        Assert.Equal("prompt_injection", problem.GetProperty("reason").GetString());
    }

    [Fact]
    public void TryCreate_UnrelatedException_ReturnsFalse()
    {
        Assert.False(ComplianceProblemDetails.TryCreate(new InvalidOperationException(Canary), out _));
        Assert.True(ComplianceProblemDetails.TryCreate(new RateLimitExceededException(), out var problem));
        Assert.Equal(429, problem.Status);
    }

    [Theory]
    [InlineData(GroundingReasons.NoEvidence)]
    [InlineData(GroundingReasons.AccessDenied)]
    [InlineData(GroundingReasons.UnsupportedClaim)]
    public void ForGroundingRefusal_Refused_422WithReasonAndAuditId(string reason)
    {
        var problem = ComplianceProblemDetails.ForGroundingRefusal(new GroundingResult { Refused = true, Reason = reason }, "rec-1");

        Assert.Equal(422, problem.Status);
        Assert.Equal(CompliantAIProblemTypes.GroundingRefused, problem.Type);
        Assert.Equal(reason, problem.Extensions["reason"]);
        Assert.Equal("rec-1", problem.Extensions["auditId"]);
    }

    [Fact]
    public void ForGroundingRefusal_NotRefused_Throws()
    {
        Assert.Throws<ArgumentException>(() => ComplianceProblemDetails.ForGroundingRefusal(new GroundingResult { Refused = false }));
    }

    private sealed class InjectionBlockedException(string message) : ComplianceRejectedException("guardrails", "prompt_injection", message);
}
