using System.Diagnostics.CodeAnalysis;
using Compliant.AI.AspNetCore.Internal;
using Compliant.AI.Internal;
using Microsoft.AspNetCore.Mvc;

namespace Compliant.AI;

/// <summary>Creates RFC 9457 Problem Details for the compliance layer's typed refusals and failures.</summary>
/// <remarks>
/// The title and detail are fixed per problem type (<see cref="CompliantAIProblemTypes"/>); exception messages,
/// request content, user ids and tenant ids are never copied into a problem. Extensions carry only codes, periods,
/// counts and times.
/// </remarks>
public static class ComplianceProblemDetails
{
    /// <summary>Creates the problem for <paramref name="exception"/> (or the first mapped exception in its inner chain).</summary>
    /// <param name="exception">The exception a request ended with.</param>
    /// <param name="problem">The problem, when the exception is one of the compliance layer's.</param>
    /// <returns>Whether the exception was mapped.</returns>
    public static bool TryCreate(Exception exception, [NotNullWhen(true)] out ProblemDetails? problem)
    {
        Throw.IfNull(exception);
        if (ComplianceProblemMapper.TryMap(exception, TimeProvider.System, out problem, out _))
        {
            return true;
        }

        problem = null;
        return false;
    }

    /// <summary>Creates the 422 problem for an answer the grounding stage refused (a "cannot answer from approved sources" result).</summary>
    /// <param name="result">The grounding result of the response.</param>
    /// <param name="auditRecordId">The id of the interaction's audit record, or <see langword="null"/>.</param>
    /// <returns>The problem, with the extensions <c>reason</c> (a <see cref="GroundingReasons"/> code) and <c>auditId</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="result"/> was not refused.</exception>
    public static ProblemDetails ForGroundingRefusal(GroundingResult result, string? auditRecordId = null)
    {
        Throw.IfNull(result);
        if (!result.Refused)
        {
            throw new ArgumentException("The grounding result is not a refusal.", nameof(result));
        }

        return ComplianceProblemMapper.GroundingRefusal(result.Reason, auditRecordId);
    }
}
