using System.Globalization;
using System.Net;
using System.Text;

namespace Compliant.AI.Evaluation.Internal;

/// <summary>Small helpers for the self-contained HTML reports: escaping, the shared style sheet and inline SVG charts.</summary>
internal static class HtmlKit
{
    public const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1b1f24;max-width:1100px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
        h3{font-size:15px;margin:18px 0 6px}
        table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
        th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}.skip{color:#9a6700;font-weight:600}
        .banner{padding:8px 12px;border-radius:6px;margin:10px 0;font-weight:600}
        .banner.pass{background:#dafbe1}.banner.fail{background:#ffebe9}.banner.skip{background:#fff8c5}
        .muted{color:#57606a}svg{display:block;margin:6px 0}code{font-size:12px}
        .legend span{margin-right:14px}
        @media print{body{margin:0}h2{break-after:avoid}table,svg{break-inside:avoid}}
        """;

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    public static string F(double v, string format = "0.###") => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A horizontal bar chart: one bar per row, a red tick per threshold, a dark dashed tick per baseline.</summary>
    public static string Bars(string id, string title, IReadOnlyList<BarRow> rows, double? scaleMax = null, string unit = "")
    {
        const int labelWidth = 230, barWidth = 520, rowHeight = 24, top = 8;
        double max = scaleMax ?? Math.Max(1e-9, rows.SelectMany(r => new[] { r.Value, r.Threshold ?? 0, r.Baseline ?? 0 }).Where(double.IsFinite).DefaultIfEmpty(1).Max() * 1.1);
        int height = top + (rows.Count * rowHeight) + 8;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg id=\"{E(id)}\" class=\"chart\" role=\"img\" aria-label=\"{E(title)}\" width=\"{labelWidth + barWidth + 90}\" height=\"{height}\" viewBox=\"0 0 {labelWidth + barWidth + 90} {height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append("<title>").Append(E(title)).Append("</title>");
        int y = top;
        foreach (BarRow row in rows)
        {
            double w = double.IsFinite(row.Value) ? Math.Clamp(row.Value / max, 0, 1) * barWidth : 0;
            string fill = row.Passed switch { true => "#2da44e", false => "#cf222e", null => "#8c959f" };
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\" font-size=\"12\">{E(row.Label)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{barWidth}\" height=\"16\" fill=\"#eaeef2\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{w:0.#}\" height=\"16\" fill=\"{fill}\"><title>{E(row.Label)}: {F(row.Value)}{E(unit)}</title></rect>");
            if (row.Threshold is { } t && double.IsFinite(t))
            {
                double x = labelWidth + (Math.Clamp(t / max, 0, 1) * barWidth);
                sb.Append(CultureInfo.InvariantCulture, $"<line class=\"threshold\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{y}\" y2=\"{y + 22}\" stroke=\"#cf222e\" stroke-width=\"3\"><title>threshold {F(t)}</title></line>");
            }

            if (row.Baseline is { } b && double.IsFinite(b))
            {
                double x = labelWidth + (Math.Clamp(b / max, 0, 1) * barWidth);
                sb.Append(CultureInfo.InvariantCulture, $"<line class=\"baseline\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{y}\" y2=\"{y + 22}\" stroke=\"#24292f\" stroke-width=\"2\" stroke-dasharray=\"3,2\"><title>baseline {F(b)}</title></line>");
            }

            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + barWidth + 6}\" y=\"{y + 15}\" font-size=\"12\">{F(row.Value)}{E(unit)}</text>");
            y += rowHeight;
        }

        return sb.Append("</svg>").ToString();
    }

    /// <summary>A vertical bar (column) chart over an ordered series, e.g. a percentile per hour.</summary>
    public static string Columns(string id, string title, IReadOnlyList<(string Label, double Value)> points, string unit)
    {
        const int width = 760, height = 180, left = 50, bottom = 30;
        double max = Math.Max(1e-9, points.Select(p => p.Value).Where(double.IsFinite).DefaultIfEmpty(1).Max());
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg id=\"{E(id)}\" class=\"chart\" role=\"img\" aria-label=\"{E(title)}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append("<title>").Append(E(title)).Append("</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width}\" y2=\"{height - bottom}\" stroke=\"#8c959f\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"12\" text-anchor=\"end\" font-size=\"11\">{F(max, "0.#")}</text><text x=\"{left - 4}\" y=\"{height - bottom}\" text-anchor=\"end\" font-size=\"11\">0</text>");
        double slot = points.Count == 0 ? 0 : (width - left - 10) / (double)points.Count;
        int labelEvery = Math.Max(1, (int)Math.Ceiling(points.Count / 12.0));
        for (int i = 0; i < points.Count; i++)
        {
            (string label, double value) = points[i];
            double h = double.IsFinite(value) ? value / max * (height - bottom - 14) : 0;
            double x = left + 4 + (i * slot);
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{height - bottom - h:0.#}\" width=\"{Math.Max(1, slot - 3):0.#}\" height=\"{h:0.#}\" fill=\"#0969da\"><title>{E(label)}: {F(value, "0.##")}{E(unit)}</title></rect>");
            if (i % labelEvery == 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{height - bottom + 14}\" font-size=\"10\">{E(label)}</text>");
            }
        }

        return sb.Append("</svg>").ToString();
    }
}
