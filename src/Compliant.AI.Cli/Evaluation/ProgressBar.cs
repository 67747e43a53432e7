using System.Globalization;

namespace Compliant.AI.Cli.Evaluation;

/// <summary>A one-line progress bar on stderr (only when stderr is a terminal), redrawn at most once per percent.</summary>
internal sealed class ProgressBar(TextWriter output, bool enabled) : IProgress<EvaluationProgress>, IDisposable
{
    private readonly Lock _lock = new();
    private int _lastPercent = -1;
    private bool _drawn;

    public void Report(EvaluationProgress value)
    {
        if (!enabled || value.Total == 0)
        {
            return;
        }

        int percent = (int)(100L * value.Completed / value.Total);
        lock (_lock)
        {
            if (percent == _lastPercent)
            {
                return;
            }

            _lastPercent = percent;
            int filled = percent * 30 / 100;
            output.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {percent,3}% {value.Completed}/{value.Total} {value.Dataset,-24}"));
            _drawn = true;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_drawn)
            {
                output.WriteLine();
                _drawn = false;
            }
        }
    }
}
