namespace Compliant.AI.Internal;

/// <summary>
/// A stage that can redact a retrieval query the way it redacts the request (same placeholders, same vault). The PII redaction
/// stage implements it; the grounding stage finds it with <see cref="Microsoft.Extensions.AI.IChatClient.GetService"/> through
/// <see cref="QueryRedaction"/>, so neither stage names the other.
/// </summary>
internal interface IQueryRedactor
{
    /// <summary>Redacts <paramref name="question"/> for retrieval.</summary>
    ValueTask<string> RedactQueryAsync(string question, Microsoft.Extensions.AI.ChatOptions? options, CancellationToken cancellationToken);
}
