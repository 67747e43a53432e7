using System.Diagnostics.Metrics;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Compliant.AI.Internal;
using Compliant.AI.Pii.Internal;
using Compliant.AI.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace Compliant.AI;

/// <summary>The built-in <see cref="IPiiDetector"/>: runs recognizers over normalized text, enhances scores with context words, applies thresholds, allow- and deny-lists, and resolves overlaps.</summary>
/// <remarks>
/// <para>
/// Pipeline: (1) normalize (format, control and other invisible characters removed; digits of every script, odd
/// spaces, Unicode dashes, full-width and other compatibility forms, and Cyrillic or Greek look-alikes inside
/// mixed-script tokens folded) keeping a map to the original offsets; (2) every recognizer reports candidates; (3) a candidate whose
/// recognizer's context word occurs within <see cref="PiiDetectionOptions.ContextWindowWords"/> words gets
/// <see cref="PiiDetectionOptions.ContextScoreBoost"/> added (and at least <see cref="PiiDetectionOptions.ContextMinimumScore"/>);
/// (4) deny-list terms are added with score 1; (5) candidates under their type's threshold and allow-listed values are
/// dropped; (6) overlaps are resolved: higher score, then longer span, then type priority (checksum-validated types
/// first), then earlier start; (7) offsets are mapped back to the original text, each span grown over the invisible characters dropped right around it.
/// </para>
/// <para>
/// Thread-safe. Every stage is linear in the text length; built-in expressions are non-backtracking, and most of them
/// scan only short windows around the characters every match contains, with the same matches as a whole-text scan.
/// </para>
/// </remarks>
public sealed class PiiDetector : IPiiDetector
{
    private static readonly Counter<long> EntitiesCounter = CompliantTelemetry.Meter.CreateCounter<long>(
        CompliantTelemetry.PiiDetection.EntitiesDetected, CompliantTelemetry.PiiDetection.UnitEntities, "PII entities detected, by entity type.");

    private static readonly Histogram<double> DurationHistogram = CompliantTelemetry.Meter.CreateHistogram<double>(
        CompliantTelemetry.PiiDetection.Duration, CompliantTelemetry.Metrics.UnitSeconds, "Time spent detecting PII in one text.");

    private readonly PiiRecognizer[] _recognizers;
    private readonly ContextWordMatcher?[] _contextMatchers;
    private readonly HashSet<string>? _enabledTypes;
    private readonly Dictionary<string, double> _thresholds;
    private readonly double _defaultThreshold;
    private readonly int _contextWindowWords;
    private readonly double _contextBoost;
    private readonly double _contextMinimum;
    private readonly HashSet<string> _allowList;
    private readonly Regex? _denyList;
    private readonly string _denyListType;
    private readonly bool _normalize;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="PiiDetector"/> class.</summary>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <param name="recognizers">Extra recognizers to run besides the built-in ones (for example those registered in dependency injection).</param>
    /// <param name="logger">An optional logger.</param>
    /// <exception cref="ArgumentException">A custom pattern is not a valid regular expression.</exception>
    public PiiDetector(PiiDetectionOptions? options = null, IEnumerable<PiiRecognizer>? recognizers = null, ILogger<PiiDetector>? logger = null)
    {
        options ??= new PiiDetectionOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;

        var all = new List<PiiRecognizer>();
        if (options.UseBuiltInRecognizers)
        {
            all.AddRange(BuiltInRecognizers.Create());
        }

        if (recognizers is not null)
        {
            all.AddRange(recognizers.Where(r => r is not null && !all.Contains(r)));
        }

        foreach (PiiCustomPattern custom in options.CustomPatterns)
        {
            all.Add(CreateCustomRecognizer(custom, options.CustomPatternTimeout));
        }

        _enabledTypes = options.EntityTypes.Count == 0 ? null : new HashSet<string>(options.EntityTypes, StringComparer.OrdinalIgnoreCase);
        _recognizers = [.. all.Where(r => _enabledTypes is null || r.SupportedEntityTypes.Any(_enabledTypes.Contains))];
        _contextMatchers = new ContextWordMatcher?[_recognizers.Length];
        for (int i = 0; i < _recognizers.Length; i++)
        {
            IReadOnlyList<string> words = _recognizers[i].ContextWords;
            _contextMatchers[i] = words.Count > 0 ? new ContextWordMatcher(words) : null;
        }

        _thresholds = new Dictionary<string, double>(options.Thresholds, StringComparer.OrdinalIgnoreCase);
        _defaultThreshold = options.DefaultThreshold;
        _contextWindowWords = options.ContextWindowWords;
        _contextBoost = options.ContextScoreBoost;
        _contextMinimum = options.ContextMinimumScore;
        _allowList = new HashSet<string>(options.AllowList.Where(static a => !string.IsNullOrWhiteSpace(a)).Select(static a => a.Trim()), StringComparer.OrdinalIgnoreCase);
        _denyListType = options.DenyListEntityType;
        string[] deny = [.. options.DenyList.Where(static d => !string.IsNullOrWhiteSpace(d)).Select(static d => d.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
        _denyList = deny.Length == 0
            ? null
            : new Regex(@"(?<![\p{L}\p{N}])(" + string.Join('|', deny.OrderByDescending(static d => d.Length).Select(Regex.Escape)) + @")(?![\p{L}\p{N}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, options.CustomPatternTimeout);
        _normalize = options.NormalizeText;

        PiiDetectionLog.DetectorCreated(_logger, _recognizers.Length, _recognizers.SelectMany(static r => r.SupportedEntityTypes).Distinct().Count());
    }

    /// <summary>Gets the recognizers this detector runs, in order.</summary>
    public IReadOnlyList<PiiRecognizer> Recognizers => _recognizers;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException">The scan was cancelled.</exception>
    public IReadOnlyList<PiiEntity> Detect(string text, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        long startTimestamp = Stopwatch.GetTimestamp();
        var normalized = NormalizedText.Create(text, _normalize);
        string scan = normalized.Text;
        var candidates = new List<PiiEntity>();
        ScanCache.Begin(scan);
        try
        {
            Collect(scan, candidates, cancellationToken);
        }
        finally
        {
            ScanCache.End();
        }

        if (_denyList is not null)
        {
            AddDenied(scan, candidates);
        }

        List<PiiEntity> resolved = OverlapResolver.Resolve(candidates);
        var results = new PiiEntity[resolved.Count];
        int previousEnd = 0;
        for (int i = 0; i < resolved.Count; i++)
        {
            PiiEntity e = resolved[i];
            (int start, int end) = normalized.ToOriginal(e.Start, e.End, previousEnd);
            results[i] = start == e.Start && end == e.End ? e : e with { Start = start, End = end };
            previousEnd = end;
        }

        Record(results, text.Length, startTimestamp);
        return results;
    }

    private void Collect(string scan, List<PiiEntity> candidates, CancellationToken cancellationToken)
    {
        for (int r = 0; r < _recognizers.Length; r++)
        {
            PiiRecognizer recognizer = _recognizers[r];
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<string> contextWords = recognizer.ContextWords;
            ContextWordMatcher? matcher = _contextMatchers[r] is { } m && ReferenceEquals(m.Words, contextWords) ? m : null;
            foreach (PiiEntity candidate in recognizer.Analyze(scan, cancellationToken))
            {
                if (candidate is null || candidate.Start < 0 || candidate.End > scan.Length || candidate.End <= candidate.Start ||
                    (_enabledTypes is not null && !_enabledTypes.Contains(candidate.Type)))
                {
                    continue;
                }

                PiiEntity entity = contextWords.Count > 0 && candidate.Score < 1.0 ? Enhance(scan, candidate, contextWords, matcher) : candidate;
                if (entity.Score >= Threshold(entity.Type) && !IsAllowed(scan, entity))
                {
                    candidates.Add(entity);
                }
            }
        }

    }

    private void Record(PiiEntity[] results, int length, long startTimestamp)
    {
        if (EntitiesCounter.Enabled)
        {
            foreach (PiiEntity e in results)
            {
                EntitiesCounter.Add(1, new KeyValuePair<string, object?>(CompliantTelemetry.Tags.EntityType, e.Type));
            }
        }

        if (DurationHistogram.Enabled)
        {
            DurationHistogram.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
        }

        PiiDetectionLog.Detected(_logger, results.Length, length);
    }

    private double Threshold(string type) => _thresholds.TryGetValue(type, out double t) ? t : _defaultThreshold;

    private bool IsAllowed(string text, PiiEntity entity) =>
        _allowList.Count > 0 && _allowList.Contains(text.AsSpan(entity.Start, entity.Length).Trim().ToString());

    private void AddDenied(string text, List<PiiEntity> candidates)
    {
        try
        {
            for (Match m = _denyList!.Match(text); m.Success; m = m.NextMatch())
            {
                candidates.Add(Candidate.Create(_denyListType, m.Index, m.Index + m.Length, 1.0, "DenyList", "deny_list"));
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Keep the terms found so far; never hang.
        }
    }

    private PiiEntity Enhance(string text, PiiEntity candidate, IReadOnlyList<string> contextWords, ContextWordMatcher? matcher)
    {
        (int before, int after) = ContextWindow.Find(text, candidate.Start, candidate.End, _contextWindowWords);
        List<string>? found = null;
        if (matcher is not null)
        {
            found = matcher.Find(text, before, candidate.Start, candidate.End, after);
        }
        else
        {
            // A recognizer whose context words are not the list it had at construction: search word by word.
            foreach (string word in contextWords)
            {
                if (ContextWindow.ContainsWord(text, before, candidate.Start, word) || ContextWindow.ContainsWord(text, candidate.End, after, word))
                {
                    (found ??= []).Add(word);
                }
            }
        }

        if (found is null)
        {
            return candidate;
        }

        double score = Math.Min(1.0, Math.Max(candidate.Score + _contextBoost, _contextMinimum));
        PiiExplanation explanation = (candidate.Explanation ?? new PiiExplanation("unknown") { OriginalScore = candidate.Score }) with { ContextWords = found };
        return candidate with { Score = score, Explanation = explanation };
    }

    private PatternPiiRecognizer CreateCustomRecognizer(PiiCustomPattern custom, TimeSpan timeout)
    {
        RegexOptions flags = RegexOptions.CultureInvariant | (custom.IgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        Regex regex;
        try
        {
            regex = new Regex(custom.Pattern, flags | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            PiiDetectionLog.CustomPatternBacktracking(_logger, custom.Name, timeout.TotalMilliseconds);
            regex = new Regex(custom.Pattern, flags, timeout);
        }

        return new PatternPiiRecognizer(
            "Custom:" + custom.Name,
            custom.EntityType,
            [new PiiPattern(custom.Name, regex, custom.Score)],
            custom.ContextWords);
    }
}
