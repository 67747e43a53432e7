using System.Runtime.CompilerServices;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace PolicyAssistant;

/// <summary>Decorators that time the pipeline's parts for <c>--timings</c>; put in place only when timings are on.</summary>
internal static class TimingDecorators
{
    public static IRetriever Retriever(IRetriever inner) => StageTimings.Enabled ? new TimedRetriever(inner) : inner;

    public static IPiiDetector PiiDetector(IPiiDetector inner) => StageTimings.Enabled ? new TimedPiiDetector(inner) : inner;

    public static IChatClient Model(IChatClient inner) => StageTimings.Enabled ? new TimedChatClient(inner) : inner;

    public static IAuditSink AuditSink(IAuditSink inner) => StageTimings.Enabled ? new TimedAuditSink(inner) : inner;

    private sealed class TimedRetriever(IRetriever inner) : IRetriever
    {
        public async Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default)
        {
            using (StageTimings.Measure("retrieval"))
            {
                return await inner.RetrieveAsync(request, cancellationToken);
            }
        }
    }

    private sealed class TimedPiiDetector(IPiiDetector inner) : IPiiDetector
    {
        public IReadOnlyList<PiiEntity> Detect(string text, CancellationToken cancellationToken = default)
        {
            using (StageTimings.Measure("pii detection"))
            {
                return inner.Detect(text, cancellationToken);
            }
        }
    }

    private sealed class TimedAuditSink(IAuditSink inner) : IAuditSink
    {
        public async ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
        {
            using (StageTimings.Measure("audit write"))
            {
                await inner.WriteAsync(record, cancellationToken);
            }
        }
    }

    private sealed class TimedChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            using (StageTimings.Measure("model"))
            {
                return await base.GetResponseAsync(messages, options, cancellationToken);
            }
        }

        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            using (StageTimings.Measure("model"))
            {
                await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
                {
                    yield return update;
                }
            }
        }
    }
}
