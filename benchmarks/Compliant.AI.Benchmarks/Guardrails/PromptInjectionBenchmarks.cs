using System.Text;
using BenchmarkDotNet.Attributes;
using Compliant.AI.PromptInjection;

namespace Compliant.AI.Benchmarks.Guardrails;

/// <summary>
/// The default detector on benign text of 1 KB and 16 KB, as a user turn (one model pass) and as a document (scored
/// sentence by sentence). The baseline is one pass of <see cref="string.ToLowerInvariant"/> over the same text, the
/// least any detector that reads the text must do. Target from the issue: ≤ 50 µs per KB, linear in the size.
/// </summary>
[MemoryDiagnoser]
public class PromptInjectionBenchmarks
{
    // Policy-like prose with trigger words in benign use; repeated to the size under test.
    private const string Paragraph =
        "Workforce members must ensure that access to electronic health records is granted only to authorized users. " +
        "Ignore previous versions of this form; only the 2024 edition is accepted by the privacy office. " +
        "Passwords must be at least 14 characters long and are never shared, even with administrators. " +
        "Delete temporary exports within 30 days and record the deletion in the ticket. ";

    private readonly PromptInjectionDetector _detector = new();
    private readonly PromptInjectionDetector _signaturesOnly = new(new PromptInjectionDetectionOptions { UseModel = false });
    private readonly PromptInjectionDetector _modelOnly = new(new PromptInjectionDetectionOptions { UseSignatures = false });
    private readonly PromptInjectionDetector _withoutTaskInsertion = new(new PromptInjectionDetectionOptions { DetectTaskInsertion = false });
    private string _text = null!;

    [Params(1, 16)]
    public int Kilobytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var builder = new StringBuilder();
        while (builder.Length < Kilobytes * 1024)
        {
            builder.Append(Paragraph);
        }

        _text = builder.ToString(0, Kilobytes * 1024);
    }

    [Benchmark(Baseline = true)]
    public string LowerCaseOnly() => _text.ToLowerInvariant();

    [Benchmark]
    public bool DetectUser() => _detector.Detect(_text, PromptInjectionSource.User).Flagged;

    [Benchmark]
    public bool DetectUserSignaturesOnly() => _signaturesOnly.Detect(_text, PromptInjectionSource.User).Flagged;

    [Benchmark]
    public bool DetectUserModelOnly() => _modelOnly.Detect(_text, PromptInjectionSource.User).Flagged;

    [Benchmark]
    public bool DetectDocument() => _detector.Detect(_text, PromptInjectionSource.Document).Flagged;

    [Benchmark]
    public bool DetectDocumentWithoutTaskInsertion() => _withoutTaskInsertion.Detect(_text, PromptInjectionSource.Document).Flagged;
}
