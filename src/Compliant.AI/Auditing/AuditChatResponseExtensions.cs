using Compliant.AI.Internal;
using Microsoft.Extensions.AI;

namespace Compliant.AI;

/// <summary>Reads the audit record id that <see cref="AuditingChatClient"/> attaches to responses.</summary>
public static class AuditChatResponseExtensions
{
    /// <summary>Gets the id of the audit record of the interaction that produced <paramref name="response"/>.</summary>
    /// <param name="response">A response returned through the auditing stage (directly, or assembled from streamed updates).</param>
    /// <returns>The record id, or <see langword="null"/> when the response did not pass through the auditing stage.</returns>
    public static string? GetAuditRecordId(this ChatResponse response)
    {
        Throw.IfNull(response);
        return response.AdditionalProperties?.TryGetValue(AuditingChatClient.RecordIdPropertyName, out object? value) == true ? value as string : null;
    }
}
