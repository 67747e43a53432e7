using System.Globalization;
using System.Runtime.CompilerServices;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace TicketTriage;

/// <summary>
/// Puts the triage decision on the ticket's audit record: one <c>triage</c> verdict with the category, the confidence
/// and the decision (<c>auto</c>, or <c>needs_human</c> below the threshold). Sits just inside auditing, outside the
/// structured-output stage, so it only ever sees answers that passed the schema. Records nothing without an audit scope.
/// </summary>
internal sealed class TriageAuditChatClient(IChatClient inner, double threshold) : DelegatingChatClient(inner)
{
    public const string Stage = "triage";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        Record(response.Text);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var text = new System.Text.StringBuilder();
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            text.Append(update.Text);
            yield return update;
        }

        Record(text.ToString());
    }

    /// <summary>The decision for a confidence: a person looks at the ticket when the model is less sure than the threshold.</summary>
    public static bool NeedsHuman(double confidence, double threshold) => !(confidence >= threshold);

    private void Record(string text)
    {
        if (AuditScope.Current is not { } scope || TriageAnswer.TryParse(text) is not { } answer)
        {
            return;
        }

        bool human = NeedsHuman(answer.Confidence, threshold);
        scope.AddVerdict(new AuditVerdict(Stage, AuditDecision.Allow, human ? "needs_human" : "auto")
        {
            Details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["category"] = answer.Category,
                ["confidence"] = answer.Confidence.ToString("0.####", CultureInfo.InvariantCulture),
                ["decision"] = human ? "needs_human" : "auto",
                ["threshold"] = threshold.ToString("0.####", CultureInfo.InvariantCulture),
            },
        });
    }
}
