using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Compliant.AI.AspNetCore.Internal;

/// <summary>The one place exceptions and refusals become problems: fixed texts, codes only.</summary>
internal static class ComplianceProblemMapper
{
    private const int MaxInnerDepth = 8;

    public static bool TryMap(Exception exception, TimeProvider time, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProblemDetails? problem, out TimeSpan? retryAfter)
    {
        Exception? current = exception;
        for (int depth = 0; current is not null && depth < MaxInnerDepth; depth++, current = current.InnerException)
        {
            if (TryMapOne(current, time, out ProblemDetails? mapped, out retryAfter))
            {
                problem = mapped!;
                return true;
            }
        }

        problem = null;
        retryAfter = null;
        return false;
    }

    public static ProblemDetails GroundingRefusal(string? reason, string? auditRecordId)
    {
        ProblemDetails problem = Create(
            StatusCodes.Status422UnprocessableEntity,
            CompliantAIProblemTypes.GroundingRefused,
            "Cannot answer from approved sources",
            reason == GroundingReasons.AccessDenied
                ? "The approved sources you may read do not answer this question."
                : "The approved sources do not answer this question.");
        problem.Extensions["reason"] = reason ?? "refused";
        if (auditRecordId is not null)
        {
            problem.Extensions["auditId"] = auditRecordId;
        }

        return problem;
    }

    public static ProblemDetails Caller(CallerMappingResult result) => result.ProblemType switch
    {
        CompliantAIProblemTypes.Unauthenticated => Create(StatusCodes.Status401Unauthorized, result.ProblemType, "Authentication required", "Sign in and send a bearer token."),
        CompliantAIProblemTypes.PurposeOfUseNotAllowed => Create(StatusCodes.Status403Forbidden, result.ProblemType, "Purpose of use not allowed", "The declared purpose of use is not one this caller may declare."),
        _ => WithField(Create(StatusCodes.Status403Forbidden, CompliantAIProblemTypes.MissingClaim, "Required claim missing", "The token lacks a claim this service requires."), result.Field),
    };

    private static ProblemDetails WithField(ProblemDetails problem, string? field)
    {
        if (field is not null)
        {
            problem.Extensions["claim"] = field;
        }

        return problem;
    }

    private static bool TryMapOne(Exception exception, TimeProvider time, out ProblemDetails? problem, out TimeSpan? retryAfter)
    {
        retryAfter = null;
        switch (exception)
        {
            case BudgetExceededException budget:
                problem = Create(StatusCodes.Status429TooManyRequests, CompliantAIProblemTypes.BudgetExceeded, "Budget exceeded", "The call would exceed its tenant's cost budget.");
                if (budget.Period is not null)
                {
                    problem.Extensions["period"] = budget.Period;
                }

                if (budget.ResetsAt is { } resets)
                {
                    problem.Extensions["resetsAt"] = resets.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
                    retryAfter = resets - time.GetUtcNow();
                }

                break;

            case RateLimitExceededException rate:
                problem = Create(StatusCodes.Status429TooManyRequests, CompliantAIProblemTypes.RateLimited, "Rate limit exceeded", "Too many model calls for this tenant; try again later.");
                retryAfter = rate.RetryAfter;
                break;

            case StructuredOutputValidationException schema:
                problem = Create(StatusCodes.Status502BadGateway, CompliantAIProblemTypes.SchemaValidationFailed, "Answer failed schema validation", "The model's answer did not conform to the requested JSON schema.");
                problem.Extensions["failure"] = schema.Failure.ToString();
                problem.Extensions["attempts"] = schema.Attempts;
                break;

            case PiiRedactionException:
                problem = Create(StatusCodes.Status503ServiceUnavailable, CompliantAIProblemTypes.RedactionFailed, "Redaction unavailable", "The request could not be redacted; nothing was sent to the model.");
                break;

            case AuditWriteException:
                problem = Create(StatusCodes.Status503ServiceUnavailable, CompliantAIProblemTypes.AuditUnavailable, "Audit unavailable", "The audit record could not be written; the answer was withheld.");
                break;

            case ChatProviderException provider:
                problem = Create(StatusCodes.Status502BadGateway, CompliantAIProblemTypes.ModelProviderFailed, "Model provider failed", "The model provider did not answer.");
                retryAfter = provider.RetryAfter;
                break;

            case GroundingRefusedException grounding:
                // A JSON request's grounding refusal: the same 422 problem as a returned refusal (auditId: the host's).
                problem = GroundingRefusal(grounding.Reason, null);
                break;

            case ComplianceRejectedException rejected:
                // Any other refusal of the compliance layer (an injection block, a policy check, a host's own stage).
                problem = Create(StatusCodes.Status403Forbidden, CompliantAIProblemTypes.ComplianceRejected, "Refused by the compliance layer", "The request was refused by a compliance check.");
                break;

            default:
                problem = null;
                return false;
        }

        if (exception is ComplianceRejectedException refusal)
        {
            // Stage and reason are the audit verdict's code names, never content.
            problem.Extensions["stage"] = refusal.Stage;
            problem.Extensions["reason"] = refusal.Reason;
        }

        if (retryAfter is { } wait)
        {
            long seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
            retryAfter = TimeSpan.FromSeconds(seconds);
            problem.Extensions["retryAfterSeconds"] = seconds;
        }

        return true;
    }

    private static ProblemDetails Create(int status, string type, string title, string detail) =>
        new() { Status = status, Type = type, Title = title, Detail = detail };
}
