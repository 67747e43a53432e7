using System.Text.Json;
using Compliant.AI.Evaluation.Internal;

namespace Compliant.AI;

/// <summary>
/// Runs an <see cref="EvaluationSuite"/> through the host's own pipeline and returns the report with every gate's verdict.
/// </summary>
/// <remarks>
/// <para>For each dataset the runner asks the host for its services (the same composition as production: the
/// <see cref="IPiiDetector"/> for PII datasets, the <see cref="IRetriever"/> for retrieval, the <see cref="Microsoft.Extensions.AI.IChatClient"/>
/// pipeline with grounding for grounded QA; for structured output the runner adds the validation stage with the host's
/// <c>StructuredOutputOptions</c> around recorded answers or the host's <see cref="Microsoft.Extensions.AI.IChatClient"/>).</para>
/// <para>Every dataset is read before the first case runs, so a bad suite or input fails fast with
/// <see cref="EvaluationSuiteException"/>. An exception of the pipeline or of a metric fails its case and its dataset
/// (fail closed). Cancellation returns the cases completed so far in a report marked <see cref="EvaluationReport.Incomplete"/>.</para>
/// <para>Reports never carry raw case text: failing cases are shown with gold and detected personal data replaced by
/// their entity type, and withheld when no <see cref="IPiiDetector"/> is registered.</para>
/// </remarks>
public sealed class EvaluationRunner
{
    private readonly Func<EvaluationDatasetSpec, CancellationToken, ValueTask<IServiceProvider>> _servicesFor;
    private readonly EvaluationRunOptions _options;

    /// <summary>Initializes a new instance of the <see cref="EvaluationRunner"/> class.</summary>
    /// <param name="servicesFor">Builds (or returns) the pipeline's services for a dataset; a returned provider that is disposable is disposed after the dataset.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    public EvaluationRunner(Func<EvaluationDatasetSpec, CancellationToken, ValueTask<IServiceProvider>> servicesFor, EvaluationRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(servicesFor);
        _servicesFor = servicesFor;
        _options = options ?? new EvaluationRunOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxParallel, 1, nameof(options));
    }

    /// <summary>Runs the suite.</summary>
    /// <param name="suite">The suite.</param>
    /// <param name="cancellationToken">Cancels the run; the report then covers the completed cases and is marked incomplete.</param>
    /// <returns>The report.</returns>
    /// <exception cref="EvaluationSuiteException">A dataset, the baseline or the pipeline set-up is missing or malformed.</exception>
    public async Task<EvaluationReport> RunAsync(EvaluationSuite suite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suite);
        TimeProvider time = _options.TimeProvider;
        DateTimeOffset startedAt = time.GetUtcNow();
        long started = time.GetTimestamp();
        Dictionary<(string, string, string?), double> baseline = suite.BaselinePath is null ? [] : ReadBaseline(suite.BaselinePath);

        // Read everything first: bad input fails before any case runs.
        var loaded = new List<(EvaluationDatasetSpec Spec, List<EvaluationCase>? Cases)>();
        foreach (EvaluationDatasetSpec spec in suite.Datasets)
        {
            if (!DatasetReader.Exists(spec) || (spec.Corpus is not null && !File.Exists(spec.Corpus) && !Directory.Exists(spec.Corpus)))
            {
                loaded.Add(spec.Optional ? (spec, null) : throw new EvaluationSuiteException($"dataset '{spec.Name}' not found: {(DatasetReader.Exists(spec) ? spec.Corpus : spec.Path)} (add \"optional\": true to skip it when absent)"));
                continue;
            }

            try
            {
                loaded.Add((spec, DatasetReader.Read(spec)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new EvaluationSuiteException($"dataset '{spec.Name}' cannot be read: {ex.GetType().Name}", ex);
            }
        }

        int total = loaded.Sum(l => l.Cases?.Count ?? 0);
        int completed = 0;
        bool incomplete = false;
        var results = new List<EvaluationDatasetResult>();
        foreach ((EvaluationDatasetSpec spec, List<EvaluationCase>? cases) in loaded)
        {
            if (cases is null)
            {
                results.Add(new EvaluationDatasetResult { Name = spec.Name, Kind = spec.Kind, Status = EvaluationDatasetStatus.Skipped, Message = "optional dataset not found: " + (DatasetReader.Exists(spec) ? spec.Corpus : spec.Path) });
                continue;
            }

            if (incomplete)
            {
                results.Add(new EvaluationDatasetResult { Name = spec.Name, Kind = spec.Kind, Status = EvaluationDatasetStatus.Incomplete, TotalCases = cases.Count, Message = "cancelled before this dataset ran" });
                continue;
            }

            long datasetStarted = time.GetTimestamp();
            var done = new EvaluationCaseResult?[cases.Count];
            string? setupError = null;
            IServiceProvider? services = null;
            TimeSpan setup = TimeSpan.Zero;
            try
            {
                services = await _servicesFor(spec, cancellationToken).ConfigureAwait(false);
                var executor = new CaseExecutor(spec, services, time);
                executor.CheckServices();
                setup = time.GetElapsedTime(datasetStarted);
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, cases.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallel, CancellationToken = cancellationToken },
                    async (i, ct) =>
                    {
                        done[i] = await executor.RunAsync(cases[i], ct).ConfigureAwait(false);
                        _options.Progress?.Report(new EvaluationProgress(spec.Name, Interlocked.Increment(ref completed), total));
                    }).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                incomplete = true;
            }
            catch (EvaluationSuiteException)
            {
                throw;
            }
            catch (Exception ex)
            {
                setupError = "the pipeline could not be built or run: " + ex.GetType().FullName;
            }
            finally
            {
                await DisposeAsync(services).ConfigureAwait(false);
            }

            EvaluationCaseResult[] finished = [.. done.OfType<EvaluationCaseResult>()];
            List<EvaluationMetricValue> metrics = MetricAggregator.Aggregate(spec, finished);
            metrics = [.. metrics.Select(m => baseline.TryGetValue((spec.Name, m.Name, m.Slice), out double b) ? m with { Baseline = b } : m)];
            List<EvaluationGateResult> gates = GateEvaluator.Evaluate(spec, finished, metrics, suite.BaselineTolerance);
            int errors = finished.Count(c => c.Error is not null);
            EvaluationDatasetStatus status =
                incomplete ? EvaluationDatasetStatus.Incomplete
                : setupError is not null || errors > 0 ? EvaluationDatasetStatus.Error
                : gates.All(g => g.Passed) ? EvaluationDatasetStatus.Passed
                : EvaluationDatasetStatus.Failed;
            results.Add(new EvaluationDatasetResult
            {
                Name = spec.Name,
                Kind = spec.Kind,
                Status = status,
                Message = setupError ?? (errors > 0 ? $"{errors} case(s) threw: the dataset fails closed" : incomplete ? "cancelled: figures cover the completed cases only" : null),
                TotalCases = cases.Count,
                Metrics = metrics,
                Gates = gates,
                Cases = finished,
                Duration = time.GetElapsedTime(datasetStarted),
                SetupDuration = setup,
            });
        }

        return new EvaluationReport
        {
            Suite = suite.Name,
            StartedAt = startedAt,
            Duration = time.GetElapsedTime(started),
            Incomplete = incomplete,
            Baseline = suite.BaselinePath,
            Datasets = results,
        };
    }

    private static async ValueTask DisposeAsync(IServiceProvider? services)
    {
        if (services is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else if (services is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private static Dictionary<(string, string, string?), double> ReadBaseline(string path)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            var values = new Dictionary<(string, string, string?), double>();
            foreach (JsonElement d in doc.RootElement.GetProperty("datasets").EnumerateArray())
            {
                string dataset = d.GetProperty("name").GetString()!;
                if (!d.TryGetProperty("metrics", out JsonElement metrics))
                {
                    continue;
                }

                foreach (JsonElement m in metrics.EnumerateArray())
                {
                    if (m.GetProperty("value").ValueKind == JsonValueKind.Number)
                    {
                        string? slice = m.TryGetProperty("slice", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                        values[(dataset, m.GetProperty("name").GetString()!, slice)] = m.GetProperty("value").GetDouble();
                    }
                }
            }

            return values;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new EvaluationSuiteException($"the baseline '{path}' is missing or is not a compliant eval JSON report ({ex.GetType().Name})", ex);
        }
    }
}
