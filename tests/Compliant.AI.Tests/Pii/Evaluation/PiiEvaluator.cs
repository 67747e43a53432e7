using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Compliant.AI.Tests.Pii.Evaluation;

/// <summary>Token-level precision, recall and F2 per entity type (the presidio-research measure), plus a type-agnostic view.</summary>
public sealed partial class PiiEvaluator
{
    private readonly Dictionary<string, (int Tp, int Fp, int Fn)> _counts = new(StringComparer.Ordinal);
    private int _anyTp, _anyFp, _anyFn;

    public const string Ignore = "IGNORE";

    /// <summary>Scores one document. Gold spans carry already-mapped types (or <see cref="Ignore"/> for types we do not target).</summary>
    public void Add(string text, IEnumerable<(string Type, int Start, int End)> gold, IReadOnlyList<PiiEntity> predicted)
    {
        var goldSpans = gold.ToList();
        foreach (Match token in Token().Matches(text))
        {
            int s = token.Index, e = token.Index + token.Length;
            string? g = goldSpans.Where(x => x.Start < e && s < x.End).Select(x => x.Type).FirstOrDefault();
            string? p = predicted.Where(x => x.Start < e && s < x.End).Select(x => x.Type).FirstOrDefault();
            if (g == Ignore)
            {
                continue;
            }

            if (g is not null && p is not null)
            {
                _anyTp++;
            }
            else if (p is not null)
            {
                _anyFp++;
            }
            else if (g is not null)
            {
                _anyFn++;
            }

            if (g is not null && g == p)
            {
                Bump(g, tp: 1);
                continue;
            }

            if (p is not null)
            {
                Bump(p, fp: 1);
            }

            if (g is not null)
            {
                Bump(g, fn: 1);
            }
        }
    }

    public (double Precision, double Recall, double F2) Micro(IEnumerable<string>? types = null)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var (type, c) in _counts)
        {
            if (types is null || types.Contains(type))
            {
                tp += c.Tp;
                fp += c.Fp;
                fn += c.Fn;
            }
        }

        return Prf(tp, fp, fn);
    }

    public (double Precision, double Recall, double F2) AnyType => Prf(_anyTp, _anyFp, _anyFn);

    public (double Precision, double Recall, double F2) For(string type) =>
        _counts.TryGetValue(type, out var c) ? Prf(c.Tp, c.Fp, c.Fn) : (0, 0, 0);

    public string Table()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| entity | precision | recall | F2 | TP | FP | FN |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (type, c) in _counts.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var (p, r, f) = Prf(c.Tp, c.Fp, c.Fn);
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {type} | {p:F3} | {r:F3} | {f:F3} | {c.Tp} | {c.Fp} | {c.Fn} |");
        }

        var (mp, mr, mf) = Micro();
        sb.AppendLine(CultureInfo.InvariantCulture, $"| **all (typed, micro)** | {mp:F3} | {mr:F3} | {mf:F3} | | | |");
        var (ap, ar, af) = AnyType;
        sb.AppendLine(CultureInfo.InvariantCulture, $"| **any type (redaction view)** | {ap:F3} | {ar:F3} | {af:F3} | {_anyTp} | {_anyFp} | {_anyFn} |");
        return sb.ToString();
    }

    private void Bump(string type, int tp = 0, int fp = 0, int fn = 0)
    {
        _counts.TryGetValue(type, out var c);
        _counts[type] = (c.Tp + tp, c.Fp + fp, c.Fn + fn);
    }

    private static (double, double, double) Prf(int tp, int fp, int fn)
    {
        double p = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        double r = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        double f2 = p + r == 0 ? 0 : 5 * p * r / ((4 * p) + r);
        return (p, r, f2);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Token();
}
