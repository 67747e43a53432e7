namespace Compliant.AI;

/// <summary>The RFC 9457 problem <c>type</c> URIs Compliant.AI's ASP.NET Core integration answers with.</summary>
/// <remarks>Each problem carries a fixed title and detail per type, never an exception message, request content or a user id.</remarks>
public static class CompliantAIProblemTypes
{
    /// <summary>401: the request has no authenticated user.</summary>
    public const string Unauthenticated = "urn:compliant-ai:problem:unauthenticated";

    /// <summary>403: the authenticated user's token lacks a claim the service requires (the extension <c>claim</c> names which field).</summary>
    public const string MissingClaim = "urn:compliant-ai:problem:missing-claim";

    /// <summary>403: the declared purpose of use is not one the caller may declare.</summary>
    public const string PurposeOfUseNotAllowed = "urn:compliant-ai:problem:purpose-of-use-not-allowed";

    /// <summary>429: the call would take its tenant over a cost budget (<c>Retry-After</c> when the period end is known).</summary>
    public const string BudgetExceeded = "urn:compliant-ai:problem:budget-exceeded";

    /// <summary>429: the tenant's rate limit was reached (<c>Retry-After</c> when the limiter knows).</summary>
    public const string RateLimited = "urn:compliant-ai:problem:rate-limited";

    /// <summary>422: the answer was refused by the grounding stage (the extension <c>reason</c> is a <see cref="GroundingReasons"/> code).</summary>
    public const string GroundingRefused = "urn:compliant-ai:problem:grounding-refused";

    /// <summary>502: the model's answer did not conform to the requested JSON schema after every attempt.</summary>
    public const string SchemaValidationFailed = "urn:compliant-ai:problem:schema-validation-failed";

    /// <summary>403: another stage of the compliance layer refused the request (extensions <c>stage</c> and <c>reason</c>).</summary>
    public const string ComplianceRejected = "urn:compliant-ai:problem:compliance-rejected";

    /// <summary>503: the request could not be redacted, so nothing was sent to the model.</summary>
    public const string RedactionFailed = "urn:compliant-ai:problem:redaction-failed";

    /// <summary>503: the audit record could not be made durable, so the answer was withheld (fail-closed).</summary>
    public const string AuditUnavailable = "urn:compliant-ai:problem:audit-unavailable";

    /// <summary>502: the model provider failed (after any retries).</summary>
    public const string ModelProviderFailed = "urn:compliant-ai:problem:model-provider-failed";
}
