namespace Compliant.AI.Evaluation.Internal;

/// <summary>One bar of <see cref="HtmlKit.Bars"/>.</summary>
internal sealed record BarRow(string Label, double Value, double? Threshold = null, double? Baseline = null, bool? Passed = null);
