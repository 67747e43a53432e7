using System.Text.Json;

namespace Compliant.AI.Tests.Grounding.Evaluation;

/// <summary>One question of the PolicyAssistant golden set (<c>samples/PolicyAssistant/golden/golden.jsonl</c>).</summary>
public sealed record GoldenQuestion(string Id, string Question, string User, IReadOnlyList<string> Groups, string Expect, IReadOnlyList<string> Documents)
{
    public bool ExpectAnswer => Expect == "answer";
}

/// <summary>Finds and reads the PolicyAssistant corpus and golden set from the repository (they are ours: no dataset gating).</summary>
public static class PolicyAssistantGoldenSet
{
    public static string SampleDirectory { get; } = FindSample();

    public static string PoliciesDirectory => Path.Combine(SampleDirectory, "policies");

    public static IReadOnlyList<GoldenQuestion> Load()
    {
        var questions = new List<GoldenQuestion>();
        foreach (string line in File.ReadLines(Path.Combine(SampleDirectory, "golden", "golden.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            questions.Add(new GoldenQuestion(
                root.GetProperty("id").GetString()!,
                root.GetProperty("question").GetString()!,
                root.GetProperty("user").GetString()!,
                root.GetProperty("groups").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                root.GetProperty("expect").GetString()!,
                root.GetProperty("documents").EnumerateArray().Select(e => e.GetString()!).ToArray()));
        }

        return questions;
    }

    private static string FindSample()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "PolicyAssistant");
            if (Directory.Exists(Path.Combine(candidate, "policies")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("samples/PolicyAssistant/policies not found above " + AppContext.BaseDirectory);
    }
}
