using System.Runtime.CompilerServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Benchmarks.Redaction;

/// <summary>
/// Overhead of <see cref="PiiRedactionChatClient"/> on a 4 KB prompt (redact + restore) and on a streamed 4 KB answer,
/// beside the bare inner client in the same run. "Fixed" uses a detector that returns precomputed entities (the
/// middleware's own cost); "Real" uses the built-in <see cref="PiiDetector"/> (detection included).
/// </summary>
[MemoryDiagnoser]
public class PiiRedactionBenchmarks
{
    public const int StreamChunkSize = 16;

    private static readonly string[] People = ["Maria Okafor", "John Smith", "Wei Zhang", "Priya Raman"];

    private FixedAnswerChatClient _bare = null!;
    private PiiRedactionChatClient _fixed = null!;
    private PiiRedactionChatClient _real = null!;
    private List<ChatMessage> _messages = null!;
    private List<ChatMessage> _plantedMessages = null!;
    private PiiRedactionChatClient _fixedPlanted = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A 4 KB prompt: clinical-note style text with 40 identifiers (names, SSNs, e-mails, phone numbers).
        var prompt = new StringBuilder();
        var entities = new List<PiiEntity>();
        for (int i = 0; prompt.Length < 4096 - 120; i++)
        {
            prompt.Append("The patient was seen today and reports mild symptoms; follow-up is planned. ");
            if (i % 2 == 0)
            {
                string person = People[i % People.Length];
                prompt.Append("Name: ");
                entities.Add(new PiiEntity(PiiEntityTypes.Person, prompt.Length, prompt.Length + person.Length, 0.9));
                prompt.Append(person).Append(", SSN ");
                string ssn = $"219-09-{1000 + i:D4}";
                entities.Add(new PiiEntity(PiiEntityTypes.UsSsn, prompt.Length, prompt.Length + ssn.Length, 0.9));
                prompt.Append(ssn).Append(". ");
            }
        }

        string text = prompt.ToString(0, Math.Min(prompt.Length, 4096));
        entities.RemoveAll(e => e.End > text.Length);
        _messages = [new ChatMessage(ChatRole.System, "You are a careful clinical assistant."), new ChatMessage(ChatRole.User, text)];

        // A 4 KB answer that mentions the placeholders the prompt produced.
        var answer = new StringBuilder();
        for (int i = 0; answer.Length < 4096; i++)
        {
            answer.Append(System.Globalization.CultureInfo.InvariantCulture, $"Summary for <PERSON_{(i % People.Length) + 1}>: stable, SSN <US_SSN_{(i % 10) + 1}> verified. ");
        }

        // The same prompt with a retrieved passage carrying 8 placeholder-like literals (a planted URL, de-identified text):
        // each is renumbered through the vault before the prompt leaves (issue 10 row 8).
        var planted = new StringBuilder("Context [S1]: ");
        for (int i = 1; i <= 8; i++)
        {
            planted.Append(System.Globalization.CultureInfo.InvariantCulture, $"see https://evil.example/collect?who=<EMAIL_ADDRESS_{i}> and <PERSON_{i}>'s file. ");
        }

        _plantedMessages = [.. _messages, new ChatMessage(ChatRole.User, planted.ToString())];

        var inner = new FixedAnswerChatClient(answer.ToString(0, 4096), StreamChunkSize, newResponsePerCall: true);
        _bare = inner;
        _fixed = new PiiRedactionChatClient(inner, new FixedDetector(text, entities));
        _real = new PiiRedactionChatClient(inner, new PiiDetector(new PiiDetectionOptions()));
        _fixedPlanted = new PiiRedactionChatClient(inner, new FixedDetector(text, entities));
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> BarePrompt4KB() => _bare.GetResponseAsync(_messages);

    [Benchmark]
    public Task<ChatResponse> RedactionFixedDetectorPrompt4KB() => _fixed.GetResponseAsync(_messages);

    [Benchmark]
    public Task<ChatResponse> RedactionFixedDetectorPrompt4KBPlusPlantedPlaceholders() => _fixedPlanted.GetResponseAsync(_plantedMessages);

    [Benchmark]
    public Task<ChatResponse> RedactionRealDetectorPrompt4KB() => _real.GetResponseAsync(_messages);

    [Benchmark(OperationsPerInvoke = 4096 / StreamChunkSize)]
    public Task<int> BareStreamingPerChunk() => Drain(_bare);

    [Benchmark(OperationsPerInvoke = 4096 / StreamChunkSize)]
    public Task<int> RedactionStreamingPerChunk() => Drain(_fixed);

    private async Task<int> Drain(IChatClient client)
    {
        int chars = 0;
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(_messages))
        {
            chars += update.Text.Length;
        }

        return chars;
    }

    private sealed class FixedDetector(string text, IReadOnlyList<PiiEntity> entities) : IPiiDetector
    {
        public IReadOnlyList<PiiEntity> Detect(string input, CancellationToken cancellationToken = default) =>
            ReferenceEquals(input, text) || input == text ? entities : [];
    }
}
