using BenchmarkDotNet.Attributes;
using Compliant.AI.Grounding.Internal;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Benchmarks.Grounding;

/// <summary>
/// Grounding-stage overhead per request, excluding retrieval and model time: the retriever returns 4 fixed passages
/// synchronously and the inner client returns a fixed cited answer. The baseline calls the same inner client bare.
/// </summary>
[MemoryDiagnoser]
public class GroundingBenchmarks
{
    private const string Answer =
        "Audit logs of systems holding ePHI are retained for six years from the date of creation [S1]. " +
        "Passwords for user accounts must be at least 14 characters long [S2]. " +
        "Data encryption keys are rotated every 12 months [S3]. " +
        "Accounts of a terminated workforce member are disabled within 4 hours of the termination time [S4].";

    private static readonly string[] Passages =
    [
        "Audit logs of systems holding ePHI are retained for six years from the date of creation. Firewall, proxy and VPN logs are retained for 13 months. Application debug logs must not contain ePHI and are kept for no more than 30 days. Logs subject to a legal hold are kept until the legal department releases the hold, even when the retention period has ended.",
        "Passwords for user accounts must be at least 14 characters long. Passphrases made of several unrelated words are encouraged. There are no required character classes, but a new password is checked against a list of known breached passwords and rejected if it appears on it. Passwords for service accounts must be at least 30 characters long.",
        "Encryption keys are generated and stored in the hardware security modules of the key management service. Data encryption keys are rotated every 12 months, and key encryption keys every 24 months. No person may hold a complete copy of a master key; recovery requires 3 of 5 designated key custodians.",
        "Human Resources notifies IAM of every termination through the HR system. Accounts of a terminated workforce member are disabled within 4 hours of the termination time, or immediately for involuntary terminations. When a workforce member changes roles, access from the previous role is removed within 10 business days.",
    ];

    private readonly List<ChatMessage> _messages = [new(ChatRole.System, "You are the policy assistant."), new(ChatRole.User, "What are the rules for audit logs, passwords, keys and leavers?")];
    private FixedAnswerChatClient _bare = null!;
    private GroundingChatClient _grounded = null!;
    private GroundingSource[] _sources = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bare = new FixedAnswerChatClient(Answer, streamChunkSize: int.MaxValue, newResponsePerCall: true);
        var result = new RetrievalResult(Passages.Select((text, i) => new RetrievedPassage
        {
            ChunkId = "doc-" + i + "#0",
            DocumentId = "doc-" + i,
            Text = text,
            Title = "Policy " + i,
            Source = "policies/doc-" + i + ".md",
            Score = 10 - i,
        }).ToArray());
        _grounded = new GroundingChatClient(_bare, new FixedRetriever(result));
        _sources = result.Passages.Select((p, i) => new GroundingSource(i, p)).ToArray();
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> BareClient() => _bare.GetResponseAsync(_messages);

    [Benchmark]
    public Task<ChatResponse> GroundedClient() => _grounded.GetResponseAsync(_messages);

    [Benchmark]
    public async Task<int> GroundedClientStreaming()
    {
        int count = 0;
        await foreach (ChatResponseUpdate update in _grounded.GetStreamingResponseAsync(_messages))
        {
            count += update.Contents.Count;
        }

        return count;
    }

    [Benchmark]
    public object CitationCheckOnly()
    {
        // Fresh sources so the per-request evidence sets are built, as in a real request.
        var sources = _sources.Select(s => new GroundingSource(s.Index, s.Passage)).ToArray();
        return GroundingEvaluator.Evaluate(Answer, sources, Options);
    }

    private static readonly GroundingOptions Options = new();
}
