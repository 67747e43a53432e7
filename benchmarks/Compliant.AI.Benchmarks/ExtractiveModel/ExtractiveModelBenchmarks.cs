using BenchmarkDotNet.Attributes;
using Compliant.AI;
using Compliant.AI.Benchmarks.Retrieval;
using Compliant.AI.ExtractiveModel;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Benchmarks.ExtractiveModel;

/// <summary>
/// The cost of one answer from the offline extractive model over four retrieved passages (the PolicyAssistant's TopK):
/// by words alone (the baseline) and with MiniLM similarity (the PolicyAssistant's default), for a value question it
/// answers and for an on-topic question it declines (the near-miss, kind, place and subject checks run there).
/// </summary>
/// <remarks>
/// The same passages are asked every iteration, so the semantic figures are warm: the scorer's embeddings of the passages'
/// sentences are cached after the first ask, and each ask embeds its question (and, for a synonym, its words).
/// </remarks>
[Config(typeof(RetrievalBenchmarkConfig))]
public class ExtractiveModelBenchmarks
{
    private const string Passages =
        "<sources>\n" +
        "<source id=\"S1\" title=\"Audit Log Retention\">\nAudit logs of systems holding ePHI are retained for six years from the date of creation.\n\n" +
        "Logs are written to write-once storage and reviewed by the security team every quarter.\n\nThe retention period restarts when a log is placed on legal hold.\n</source>\n" +
        "<source id=\"S2\" title=\"Annual Leave\">\nYou can carry over a maximum of 240 annual leave hours from one leave year to the next.\n\n" +
        "Annual leave accrues at 4 hours per pay period for employees with fewer than 3 years of service.\n\nSubmit leave requests at least three business days in advance.\n</source>\n" +
        "<source id=\"S3\" title=\"Breach Notification\">\nA covered entity notifies affected individuals without unreasonable delay and no later than 60 calendar days after discovery.\n\n" +
        "A breach affecting more than 500 residents of a State is also reported to prominent media outlets.\n</source>\n" +
        "<source id=\"S4\" title=\"Guest Speakers\">\nWe cannot compensate guest speakers for their time and are working on ways to offer an honorarium.\n\n" +
        "Each outside speaker signs a Gratuitous Services Agreement before the event.\n</source>\n" +
        "</sources>";

    // A regulation-shaped section: outline labels and a value whose subject is only a reference to another numbered
    // paragraph of the same section, so the model reads the outline (Outline.Follow / Outline.Reference) for every unit.
    private const string RegulationPassages =
        "<sources>\n" +
        "<source id=\"S1\" title=\"Records of the security program\">\n(a) Standard: Program records. Keep the records below.\n\n" +
        "(b) (1) Standard: Written procedures. Keep the procedures that put this part into effect in written or electronic form.\n\n" +
        "(2) Implementation specifications: (i) Time limit (Required). Retain the records required by paragraph (b)(1) of this section for 6 years from the later of their creation or last effective date.\n\n" +
        "(ii) Availability (Required). Make the records available to those who carry out the procedures.\n\n" +
        "(iii) Updates (Required). Review the records periodically and update them as needed.\n</source>\n" +
        "<source id=\"S2\" title=\"Annual Leave\">\nYou can carry over a maximum of 240 annual leave hours from one leave year to the next.\n</source>\n" +
        "</sources>";

    private const string RegulationQuestion = "How long do we have to keep our written security procedures?";

    private ExtractiveChatClient _lexical = null!;
    private ExtractiveChatClient _semantic = null!;
    private MiniLmEmbeddingGenerator _generator = null!;

    [GlobalSetup]
    public void Setup()
    {
        _generator = new MiniLmEmbeddingGenerator();
        _generator.WarmUpAsync().GetAwaiter().GetResult();
        _lexical = new ExtractiveChatClient();
        _semantic = new ExtractiveChatClient(embeddingGenerator: _generator);
        foreach (ExtractiveChatClient client in new[] { _lexical, _semantic })
        {
            // One ask each, so the first iteration does not pay for the passages' embeddings.
            _ = client.GetResponseAsync(Ask(AnsweredQuestion)).GetAwaiter().GetResult();
            _ = client.GetResponseAsync(Ask(DeclinedQuestion)).GetAwaiter().GetResult();
        }

        _ = _lexical.GetResponseAsync(AskRegulation()).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _lexical.Dispose();
        _semantic.Dispose();
        _generator.Dispose();
    }

    private const string AnsweredQuestion = "How many hours of annual leave can I bring into the next leave year?";

    private const string DeclinedQuestion = "How large is the honorarium for a guest speaker?";

    private static List<ChatMessage> Ask(string question) =>
        [new ChatMessage(ChatRole.System, "Answer only from the sources.\n" + Passages), new ChatMessage(ChatRole.User, question)];

    private static List<ChatMessage> AskRegulation() =>
        [new ChatMessage(ChatRole.System, "Answer only from the sources.\n" + RegulationPassages), new ChatMessage(ChatRole.User, RegulationQuestion)];

    /// <summary>The baseline: a value question answered by words alone.</summary>
    [Benchmark(Baseline = true)]
    public Task<ChatResponse> LexicalAnswered() => _lexical.GetResponseAsync(Ask(AnsweredQuestion));

    /// <summary>The same question with MiniLM similarity (the PolicyAssistant's default model).</summary>
    [Benchmark]
    public Task<ChatResponse> SemanticAnswered() => _semantic.GetResponseAsync(Ask(AnsweredQuestion));

    /// <summary>An on-topic question the passages do not answer, by words alone.</summary>
    [Benchmark]
    public Task<ChatResponse> LexicalDeclined() => _lexical.GetResponseAsync(Ask(DeclinedQuestion));

    /// <summary>The same declined question with MiniLM similarity.</summary>
    [Benchmark]
    public Task<ChatResponse> SemanticDeclined() => _semantic.GetResponseAsync(Ask(DeclinedQuestion));

    /// <summary>A value question over a regulation-shaped section (outline labels, a same-section reference), by words alone.</summary>
    [Benchmark]
    public Task<ChatResponse> LexicalRegulation() => _lexical.GetResponseAsync(AskRegulation());
}
