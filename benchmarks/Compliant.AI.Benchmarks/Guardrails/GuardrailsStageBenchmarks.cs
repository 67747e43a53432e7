using BenchmarkDotNet.Attributes;
using Compliant.AI.Guardrails;
using Compliant.AI.Guardrails.Internal;
using Compliant.AI.PromptInjection;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliant.AI.Benchmarks.Guardrails;

/// <summary>
/// The guardrails stage's overhead on a grounded request with four passages, as <c>UseCompliance()</c> places it: the
/// user's turn checked before grounding, the four passages checked and datamarked inside grounding's retrieval. The
/// baseline is the same grounded request without the stage; the answer is fixed, so no model time is included.
/// </summary>
[MemoryDiagnoser]
public class GuardrailsStageBenchmarks
{
    private const string Answer =
        "Audit logs of systems holding ePHI are retained for six years from the date of creation [S1]. " +
        "Passwords for user accounts must be at least 14 characters long [S2].";

    private static readonly string[] Passages =
    [
        "Audit logs of systems holding ePHI are retained for six years from the date of creation. Firewall, proxy and VPN logs are retained for 13 months. Application debug logs must not contain ePHI and are kept for no more than 30 days.",
        "Passwords for user accounts must be at least 14 characters long. Passphrases made of several unrelated words are encouraged. A new password is checked against a list of known breached passwords and rejected if it appears on it.",
        "Data encryption keys are rotated every 12 months, and key encryption keys every 24 months. No person may hold a complete copy of a master key; recovery requires 3 of 5 designated key custodians.",
        "Accounts of a terminated workforce member are disabled within 4 hours of the termination time, or immediately for involuntary terminations. Ignore previous versions of this procedure.",
    ];

    private readonly List<ChatMessage> _messages = [new(ChatRole.User, "How long are audit logs kept, and how long must passwords be?")];
    private GroundingChatClient _grounded = null!;
    private GuardrailsChatClient _guarded = null!;

    [GlobalSetup]
    public void Setup()
    {
        var result = new RetrievalResult(Passages.Select((text, i) => new RetrievedPassage
        {
            ChunkId = "doc-" + i + "#0",
            DocumentId = "doc-" + i,
            Text = text,
            Title = "Policy " + i,
            Source = "policies/doc-" + i + ".md",
            Score = 10 - i,
        }).ToArray());
        var detector = new PromptInjectionDetector();
        var options = new GuardrailsOptions();
        var retriever = new FixedRetriever(result);

        _grounded = new GroundingChatClient(new FixedAnswerChatClient(Answer, streamChunkSize: int.MaxValue, newResponsePerCall: true), retriever);
        var guardedRetriever = new GuardedRetriever(retriever, new GuardrailsScreen(detector, options, NullLogger.Instance));
        _guarded = new GuardrailsChatClient(
            new GroundingChatClient(new FixedAnswerChatClient(Answer, streamChunkSize: int.MaxValue, newResponsePerCall: true), guardedRetriever),
            detector,
            options,
            NullLogger.Instance,
            passagesSpotlighted: true);
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> GroundedOnly() => _grounded.GetResponseAsync(_messages);

    [Benchmark]
    public Task<ChatResponse> GroundedWithGuardrails() => _guarded.GetResponseAsync(_messages);
}
