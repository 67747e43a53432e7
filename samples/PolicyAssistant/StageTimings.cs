using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PolicyAssistant;

/// <summary>
/// Wall-clock timings of the stages of one run, printed to stderr by <c>--timings</c> (or when the environment
/// variable <c>POLICY_ASSISTANT_TIMINGS</c> is <c>1</c>). Off by default: when disabled nothing is measured and no
/// decorator is put into the pipeline. Only stage names and milliseconds are kept, never text.
/// </summary>
public static class StageTimings
{
    /// <summary>The environment variable that turns timings on without the flag.</summary>
    public const string EnvironmentVariable = "POLICY_ASSISTANT_TIMINGS";

    private static readonly List<(string Stage, double Milliseconds)> Stages = [];
    private static readonly ConcurrentDictionary<string, (double Milliseconds, int Calls)> Inner = new(StringComparer.Ordinal);
    private static readonly List<string> InnerOrder = [];

    /// <summary>Gets a value indicating whether timings are being collected.</summary>
    public static bool Enabled { get; private set; }

    /// <summary>Turns collection on (from <c>--timings</c> or the environment variable).</summary>
    public static void Enable(bool fromFlag)
    {
        Enabled = fromFlag || Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";
    }

    /// <summary>Starts timing a top-level stage; dispose the result to record it.</summary>
    public static Scope Stage(string name) => new(name, inner: false);

    /// <summary>Starts timing a stage inside the pipeline (summed over calls, reported under the enclosing stage).</summary>
    public static Scope Measure(string name) => new(name, inner: true);

    /// <summary>Records a stage measured elsewhere.</summary>
    public static void Record(string name, TimeSpan elapsed)
    {
        if (Enabled)
        {
            lock (Stages)
            {
                Stages.Add((name, elapsed.TotalMilliseconds));
            }
        }
    }

    /// <summary>
    /// Moves the inner stages collected so far under <paramref name="stage"/>, e.g. the retrieval, PII detection,
    /// model and audit time of one ask.
    /// </summary>
    public static void Complete(string stage, TimeSpan elapsed)
    {
        if (!Enabled)
        {
            return;
        }

        var sb = new StringBuilder();
        double accounted = 0;
        lock (InnerOrder)
        {
            foreach (string name in InnerOrder)
            {
                if (Inner.TryRemove(name, out (double Milliseconds, int Calls) value))
                {
                    accounted += value.Milliseconds;
                    sb.Append(CultureInfo.InvariantCulture, $"{name} {value.Milliseconds:F0}{(value.Calls > 1 ? $" ({value.Calls} calls)" : string.Empty)}, ");
                }
            }

            InnerOrder.Clear();
        }

        sb.Append(CultureInfo.InvariantCulture, $"rest of the pipeline {Math.Max(0, elapsed.TotalMilliseconds - accounted):F0}");
        lock (Stages)
        {
            Stages.Add(($"{stage} [{sb}]", elapsed.TotalMilliseconds));
        }
    }

    /// <summary>Writes the collected timings, one stage a line, with the time from process start to <c>Main</c>.</summary>
    public static void Write(TextWriter writer)
    {
        if (!Enabled)
        {
            return;
        }

        writer.WriteLine("timings (wall-clock ms):");
        lock (Stages)
        {
            foreach ((string stage, double ms) in Stages)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {ms,8:F1}  {stage}"));
            }
        }

        using var process = Process.GetCurrentProcess();
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(DateTime.Now - process.StartTime).TotalMilliseconds,8:F1}  process total so far (CPU {process.TotalProcessorTime.TotalMilliseconds:F0} ms)"));
    }

    private static void AddInner(string name, TimeSpan elapsed)
    {
        lock (InnerOrder)
        {
            if (!InnerOrder.Contains(name))
            {
                InnerOrder.Add(name);
            }
        }

        Inner.AddOrUpdate(name, (elapsed.TotalMilliseconds, 1), (_, v) => (v.Milliseconds + elapsed.TotalMilliseconds, v.Calls + 1));
    }

    /// <summary>A running measurement.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly string? _name;
        private readonly long _start;
        private readonly bool _inner;

        internal Scope(string name, bool inner)
        {
            _name = Enabled ? name : null;
            _start = Enabled ? Stopwatch.GetTimestamp() : 0;
            _inner = inner;
        }

        public void Dispose()
        {
            if (_name is null)
            {
                return;
            }

            TimeSpan elapsed = Stopwatch.GetElapsedTime(_start);
            if (_inner)
            {
                AddInner(_name, elapsed);
            }
            else
            {
                Record(_name, elapsed);
            }
        }
    }
}
