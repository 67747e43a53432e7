using System.Globalization;

namespace Compliant.AI.Tests.Evaluation;

/// <summary>Precision, recall and F1 over labelled decisions.</summary>
internal readonly record struct DetectorScores(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    public double Precision => TruePositives / (double)Math.Max(1, TruePositives + FalsePositives);

    public double Recall => TruePositives / (double)Math.Max(1, TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static DetectorScores Of(IEnumerable<(bool Flagged, int Label)> decisions)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        foreach ((bool flagged, int label) in decisions)
        {
            (tp, fp, fn, tn) = (flagged, label) switch
            {
                (true, 1) => (tp + 1, fp, fn, tn),
                (true, _) => (tp, fp + 1, fn, tn),
                (false, 1) => (tp, fp, fn + 1, tn),
                _ => (tp, fp, fn, tn + 1),
            };
        }

        return new DetectorScores(tp, fp, fn, tn);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"P={Precision:F3} R={Recall:F3} F1={F1:F3} (tp {TruePositives}, fp {FalsePositives}, fn {FalseNegatives}, tn {TrueNegatives})");
}
