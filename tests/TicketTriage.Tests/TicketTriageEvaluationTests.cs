using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TicketTriage.Training;
using Xunit.Abstractions;

namespace TicketTriage.Tests;

/// <summary>
/// Scores the sample on the validation part of the Banking77 train file (held out by <see cref="Banking77Data.Split"/>
/// with its fixed seed; the classifier was trained without it) through exactly the <c>classify</c> command, with PII
/// redaction and the audit ledger on. Reads the data in place; writes it only to a temporary folder for the run.
/// </summary>
public sealed partial class TicketTriageEvaluationTests(ITestOutputHelper output) : IDisposable
{
    private readonly SampleRunner _runner = new();

    [Banking77Fact]
    public async Task Classify_Banking77Validation_MeetsAccuracyAndCoverageTargets()
    {
        string data = Banking77Data.FindDataDirectory(AppContext.BaseDirectory)!;
        (_, List<LabelledTicket> validation) = Banking77Data.Split(Banking77Data.ReadTrain(data));
        string input = _runner.WriteFile("validation.jsonl", validation.Select((t, i) => JsonSerializer.Serialize(new { id = $"v{i:D5}", text = t.Text })));
        string outputFile = Path.Combine(_runner.InputDirectory, "predictions.jsonl");

        (int exit, _, string stderr) = await _runner.RunAsync(["classify", "--input", input, "--output", outputFile]);

        Assert.True(exit == 0, stderr);
        JsonElement[] results = TicketTriageEndToEndTests.ParseLines(File.ReadAllText(outputFile));
        Assert.Equal(validation.Count, results.Length);
        HashSet<string> approved = Banking77Data.ReadCategories(data).ToHashSet(StringComparer.Ordinal);
        var rows = new List<(string Gold, string Predicted, double Confidence, bool Human)>();
        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal($"v{i:D5}", results[i].GetProperty("id").GetString());
            string predicted = results[i].GetProperty("category").GetString()!;
            Assert.Contains(predicted, approved);
            rows.Add((validation[i].Category, predicted, results[i].GetProperty("confidence").GetDouble(), results[i].GetProperty("needs_human").GetBoolean()));
        }

        double accuracy = rows.Count(r => r.Gold == r.Predicted) / (double)rows.Count;
        double macroF1 = MacroF1(rows.Select(r => (r.Gold, r.Predicted)).ToList(), approved);
        int sent = rows.Count(r => r.Human);
        double sentShare = sent / (double)rows.Count;
        double autoAccuracy = rows.Where(r => !r.Human).Count(r => r.Gold == r.Predicted) / (double)Math.Max(1, rows.Count - sent);
        Match speed = TicketsPerSecond().Match(stderr);

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Banking77 validation split ({rows.Count} tickets, seed {Banking77Data.SplitSeed}), classify command, redaction + audit ledger on");
        report.AppendLine(CultureInfo.InvariantCulture, $"accuracy {accuracy:F4}, macro-F1 {macroF1:F4}");
        report.AppendLine(CultureInfo.InvariantCulture, $"configured threshold: {sentShare:P1} sent to a person, accuracy on the rest {autoAccuracy:F4}");
        report.AppendLine(CultureInfo.InvariantCulture, $"throughput (stderr): {(speed.Success ? speed.Groups[1].Value : "?")} tickets/s");
        report.AppendLine("| threshold | sent to a person | accuracy on the rest |");
        report.AppendLine("|---:|---:|---:|");
        foreach (double threshold in new[] { 0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 })
        {
            var kept = rows.Where(r => r.Confidence >= threshold).ToList();
            report.AppendLine(CultureInfo.InvariantCulture, $"| {threshold:F1} | {1 - (kept.Count / (double)rows.Count):P1} | {kept.Count(r => r.Gold == r.Predicted) / (double)Math.Max(1, kept.Count):F4} |");
        }

        output.WriteLine(report.ToString());
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "ticket-triage-evaluation.md"), report.ToString());

        Assert.True(accuracy >= 0.88, $"accuracy {accuracy:F4} < 0.88");
        Assert.True(sentShare <= 0.15, $"{sentShare:P1} sent to a person > 15%");
        Assert.True(autoAccuracy >= 0.95, $"accuracy on tickets not sent to a person {autoAccuracy:F4} < 0.95");
        Assert.DoesNotContain(results, r => r.TryGetProperty("error", out _));
    }

    public void Dispose() => _runner.Dispose();

    private static double MacroF1(List<(string Gold, string Predicted)> pairs, HashSet<string> classes)
    {
        double sum = 0;
        foreach (string c in classes)
        {
            int tp = pairs.Count(p => p.Gold == c && p.Predicted == c);
            int fp = pairs.Count(p => p.Gold != c && p.Predicted == c);
            int fn = pairs.Count(p => p.Gold == c && p.Predicted != c);
            sum += tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
        }

        return sum / classes.Count;
    }

    [GeneratedRegex(@"\(([0-9]+) tickets/s")]
    private static partial Regex TicketsPerSecond();
}
