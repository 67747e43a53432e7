using Microsoft.Extensions.AI;
using Microsoft.Extensions.Compliance.Redaction;

namespace Compliant.AI.Internal;

/// <summary>
/// Redacts a retrieval query with the pipeline's own redaction stage (an <see cref="IQueryRedactor"/> found through
/// <see cref="IChatClient.GetService"/>), so the retriever and any embedding API it calls see the same placeholders, from the
/// same vault, as the model.
/// </summary>
internal static class QueryRedaction
{
    /// <summary>Redacts <paramref name="question"/>: with the inner redaction stage when there is one, else with <paramref name="fallback"/>, else not at all (the pipeline redacts nothing).</summary>
    public static ValueTask<string> RedactAsync(IChatClient inner, Redactor? fallback, string question, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (inner.GetService(typeof(IQueryRedactor)) is IQueryRedactor stage)
        {
            return stage.RedactQueryAsync(question, options, cancellationToken);
        }

        return new(fallback is null ? question : fallback.Redact(question));
    }
}
