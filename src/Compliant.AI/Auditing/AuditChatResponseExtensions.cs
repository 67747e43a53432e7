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
        return Read(response.AdditionalProperties);
    }

    /// <summary>Gets the id of the audit record of the interaction that streamed <paramref name="update"/>.</summary>
    /// <param name="update">An update streamed through the auditing stage; every update of the stream carries the id.</param>
    /// <returns>The record id, or <see langword="null"/> when the update did not pass through the auditing stage.</returns>
    public static string? GetAuditRecordId(this ChatResponseUpdate update)
    {
        Throw.IfNull(update);
        return Read(update.AdditionalProperties);
    }

    private static string? Read(AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(AuditingChatClient.RecordIdPropertyName, out object? value) == true ? value as string : null;
}
