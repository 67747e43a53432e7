using System.Globalization;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliant.AI.Resilience.Internal;

/// <summary>Wraps a fallback client of <see cref="ChatRouting.CreateFailover"/> and records that a call failed over to it.</summary>
internal sealed class FailoverRecordingChatClient(IChatClient inner, int position) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Record();
        return base.GetResponseAsync(messages, options, cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Record();
        return base.GetStreamingResponseAsync(messages, options, cancellationToken);
    }

    private void Record()
    {
        Dictionary<string, string>? details = null;
        if (AuditScope.Current is { } scope)
        {
            scope.Increment("resilience.failovers");
            details = new Dictionary<string, string> { ["client_position"] = position.ToString(CultureInfo.InvariantCulture) };
        }

        StageReporter.Report(new StageEvent(CompliantTelemetry.Resilience.StageName, AuditDecision.Modify, "failover") { Details = details }, span: null, NullLogger.Instance);

        CompliantTelemetry.Resilience.Failovers.Add(1);
    }
}
