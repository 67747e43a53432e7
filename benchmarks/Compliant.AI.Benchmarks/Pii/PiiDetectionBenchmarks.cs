using BenchmarkDotNet.Attributes;
using Microsoft.Recognizers.Text;
using Microsoft.Recognizers.Text.DateTime;

namespace Compliant.AI.Benchmarks.Pii;

/// <summary>
/// Detection throughput on a 64 KB mixed corpus (divide 0.0625 MB by the mean time for MB/s), with written-date
/// detection on (Microsoft.Recognizers.Text over pre-filtered windows), beside Microsoft.Recognizers.Text alone.
/// The baseline parses 2 KB (it is superlinear and far slower); normalize per MB when comparing.
/// </summary>
[MemoryDiagnoser]
public class PiiDetectionBenchmarks
{
    private string _corpus64K = string.Empty;
    private string _corpus4K = string.Empty;
    private string _corpus2K = string.Empty;
    private PiiDetector _detector = null!;
    private PiiDetector _detectorWithRecognizersText = null!;
    private DateTimeModel _dateModel = null!;

    [GlobalSetup]
    public void Setup()
    {
        _corpus64K = PiiCorpus.Create(64 * 1024);
        _corpus4K = PiiCorpus.Create(4 * 1024);
        _corpus2K = PiiCorpus.Create(2 * 1024);
        _detector = new PiiDetector();
        _detectorWithRecognizersText = new PiiDetector(recognizers: [new RecognizersTextDateTimeRecognizer()]);
        _dateModel = (DateTimeModel)new DateTimeRecognizer(Culture.English).GetDateTimeModel();
        _ = _detector.Detect(_corpus4K);
        _ = _detectorWithRecognizersText.Detect(_corpus4K);
    }

    [Benchmark(Baseline = true, Description = "Recognizers.Text DateTime alone, 2 KB")]
    public int RecognizersTextAlone2K() => _dateModel.Parse(_corpus2K).Count;

    [Benchmark(Description = "PiiDetector + Recognizers.Text windows, 64 KB")]
    public int DetectWithRecognizersText64K() => _detectorWithRecognizersText.Detect(_corpus64K).Count;

    [Benchmark(Description = "PiiDetector (built-in), 64 KB")]
    public int Detect64K() => _detector.Detect(_corpus64K).Count;

    [Benchmark(Description = "PiiDetector (built-in), 4 KB")]
    public int Detect4K() => _detector.Detect(_corpus4K).Count;

    [Benchmark(Description = "PiiDetector + Recognizers.Text windows, 4 KB")]
    public int DetectWithRecognizersText4K() => _detectorWithRecognizersText.Detect(_corpus4K).Count;
}
