using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Recognizers.Text;
using Microsoft.Recognizers.Text.DateTime;

namespace Compliant.AI.Benchmarks.Pii;

/// <summary>
/// Detection throughput on the synthetic mixed corpus (<see cref="PiiCorpus"/>) with written-date detection on, in MB/s
/// (column <c>MB/s</c>), beside Microsoft.Recognizers.Text DateTime alone parsing the same 4 KB text in the same run
/// (column <c>x RT alone</c>), and 4 KB vs 64 KB rows for the scaling check (64 KB should take at most 20x the 4 KB time;
/// 16x is linear).
/// </summary>
/// <remarks>
/// Categories, so the fast rows can run alone: <c>Detector</c> (built-in recognizers; seconds),
/// <c>RecognizersTextWindows</c> (with the optional package's windowed Recognizers.Text recognizer; about a minute),
/// <c>RecognizersTextAlone</c> (the baseline; several seconds per operation). For example
/// <c>--filter '*PiiDetectionBenchmarks*' --anyCategories Detector RecognizersTextAlone</c>.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByMethod)]
public class PiiDetectionBenchmarks
{
    /// <summary>The category of the baseline, Microsoft.Recognizers.Text alone.</summary>
    public const string BaselineCategory = "RecognizersTextAlone";

    private const int Small = 4 * 1024;
    private const int Large = 64 * 1024;

    private string _corpusSmall = string.Empty;
    private string _corpusLarge = string.Empty;
    private PiiDetector _detector = null!;
    private PiiDetector _detectorWithRecognizersText = null!;
    private DateTimeModel _dateModel = null!;

    [GlobalSetup]
    public void Setup()
    {
        _corpusLarge = PiiCorpus.Create(Large);
        _corpusSmall = PiiCorpus.Create(Small);
        _detector = new PiiDetector();
        _detectorWithRecognizersText = new PiiDetector(recognizers: [new RecognizersTextDateTimeRecognizer()]);
        _dateModel = (DateTimeModel)new DateTimeRecognizer(Culture.English).GetDateTimeModel();
        _ = _detector.Detect(_corpusSmall);
    }

    [Benchmark(Description = "Recognizers.Text DateTime alone, 4 KB")]
    [BenchmarkCategory(BaselineCategory)]
    [CorpusSize(Small)]
    public int RecognizersTextAlone4K() => _dateModel.Parse(_corpusSmall).Count;

    [Benchmark(Description = "PiiDetector (built-in), 4 KB")]
    [BenchmarkCategory("Detector")]
    [CorpusSize(Small)]
    public int Detect4K() => _detector.Detect(_corpusSmall).Count;

    [Benchmark(Description = "PiiDetector (built-in), 64 KB")]
    [BenchmarkCategory("Detector")]
    [CorpusSize(Large)]
    public int Detect64K() => _detector.Detect(_corpusLarge).Count;

    [Benchmark(Description = "PiiDetector + Recognizers.Text windows, 4 KB")]
    [BenchmarkCategory("RecognizersTextWindows")]
    [CorpusSize(Small)]
    public int DetectWithRecognizersText4K() => _detectorWithRecognizersText.Detect(_corpusSmall).Count;

    [Benchmark(Description = "PiiDetector + Recognizers.Text windows, 64 KB")]
    [BenchmarkCategory("RecognizersTextWindows")]
    [CorpusSize(Large)]
    public int DetectWithRecognizersText64K() => _detectorWithRecognizersText.Detect(_corpusLarge).Count;

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ThroughputColumn(speedup: false), new ThroughputColumn(speedup: true));
    }
}
