using System.Globalization;
using System.Text.Json;
using Compliant.AI.PromptInjection.Internal;
using Compliant.AI.PromptInjection.Training;

// Trains the two logistic-regression heads of the prompt-injection detector on TRAIN splits only and writes
// src/Compliant.AI.PromptInjection/Resources/injection-model.bin. Usage:
//   dotnet run --project eng/train-injection -- [data-dir (default: COMPLIANT_DATA_DIR, else the first shared/data above the repo)] [output-file]
// Deterministic: a fixed seed, a fixed sample of each corpus. See README.md for the data and its licences.
string repo = FindRepo();
string data = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("COMPLIANT_DATA_DIR") ?? FindData(repo);
string output = args.Length > 1 ? args[1] : Path.Combine(repo, "src", "Compliant.AI.PromptInjection", "Resources", "injection-model.bin");
string pi = Path.Combine(data, "prompt-injection");
if (!Directory.Exists(pi))
{
    Console.Error.WriteLine($"error: {pi} not found");
    return 2;
}

var user = new List<Example>();
var document = new List<Example>();

// deepset TRAIN split (Apache-2.0): the user head learns its labels; the document head learns the injections only
// (taking its benign questions as document injections, as the BIPIA threat model would, made short tool results such
// as "Sunny in Berlin." score as injections).
foreach (string line in File.ReadLines(Path.Combine(pi, "deepset", "train.jsonl")))
{
    using JsonDocument doc = JsonDocument.Parse(line);
    string text = doc.RootElement.GetProperty("text").GetString()!;
    int label = doc.RootElement.GetProperty("label").GetInt32();
    user.Add(new Example(text, label));
    if (label == 1)
    {
        document.Add(new Example(text, 1));
    }
}

// BIPIA TRAIN attacks (MIT): instructions planted in external content.
foreach (string file in new[] { "text_attack_train.json", "code_attack_train.json" })
{
    using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(pi, "bipia", file)));
    foreach (JsonProperty category in doc.RootElement.EnumerateObject())
    {
        foreach (JsonElement attack in category.Value.EnumerateArray())
        {
            string text = attack.GetString()!;
            document.Add(new Example(text, 1));

            // The same requests typed by a user are ordinary tasks: benign for the user head (code attacks excepted).
            if (file.StartsWith("text", StringComparison.Ordinal))
            {
                user.Add(new Example(text, 0));
            }

            // The first sentence alone, as the detector scores documents sentence by sentence.
            int cut = text.IndexOfAny(['\n', ':']);
            if (cut > 20)
            {
                document.Add(new Example(text[..cut], 1));
            }
        }
    }
}

// BIPIA TRAIN e-mail contexts (MIT, from OpenAI Evals): clean sentences of real e-mails.
foreach (string line in File.ReadLines(Path.Combine(pi, "bipia", "email", "train.jsonl")))
{
    using JsonDocument doc = JsonDocument.Parse(line);
    AddSegments(document, doc.RootElement.GetProperty("context").GetString()!, int.MaxValue);
}

// Policy pages (public domain): clean document sentences, including policy language about instructions.
foreach (string corpus in new[] { "policy-kb-hipaa", "policy-kb-gsa-tts-handbook" })
{
    string dir = Path.Combine(data, corpus, "docs");
    if (Directory.Exists(dir))
    {
        foreach (string file in Directory.EnumerateFiles(dir, "*.md").Order(StringComparer.Ordinal))
        {
            AddSegments(document, File.ReadAllText(file), 60);
        }
    }
}

// SciFact abstracts (ODC-By 1.0): clean expository sentences; every 10th document.
string scifact = Path.Combine(data, "beir-scifact", "corpus.jsonl");
if (File.Exists(scifact))
{
    int n = 0;
    foreach (string line in File.ReadLines(scifact))
    {
        if (n++ % 10 != 0)
        {
            continue;
        }

        using JsonDocument doc = JsonDocument.Parse(line);
        AddSegments(document, doc.RootElement.GetProperty("text").GetString()!, 3);
    }
}

// Banking77 TRAIN (CC BY 4.0): benign customer questions for the user head; every 8th row.
string banking = Path.Combine(data, "banking77", "train.csv");
if (File.Exists(banking))
{
    int n = 0;
    foreach (string line in File.ReadLines(banking).Skip(1))
    {
        if (n++ % 8 != 0)
        {
            continue;
        }

        int comma = line.LastIndexOf(',');
        if (comma <= 0)
        {
            continue;
        }

        string text = line[..comma].Trim('"');
        user.Add(new Example(text, 0));
    }
}

// Our own authored examples (eng/train-injection/authored.jsonl).
foreach (string line in File.ReadLines(Path.Combine(repo, "eng", "train-injection", "authored.jsonl")))
{
    using JsonDocument doc = JsonDocument.Parse(line);
    string text = doc.RootElement.GetProperty("text").GetString()!;
    int label = doc.RootElement.GetProperty("label").GetInt32();
    string head = doc.RootElement.GetProperty("head").GetString()!;
    if (head is "user" or "both")
    {
        user.Add(new Example(text, label));
    }

    if (head is "document" or "both")
    {
        document.Add(new Example(text, label));
    }
}

Console.WriteLine($"user head: {user.Count} examples ({user.Count(e => e.Label == 1)} injections)");
Console.WriteLine($"document head: {document.Count} examples ({document.Count(e => e.Label == 1)} injections)");

CrossValidate("user", user);
CrossValidate("document", document);

var heads = new Dictionary<string, ModelHead>(StringComparer.Ordinal)
{
    [InjectionModel.UserHead] = Trainer.Train(user),
    [InjectionModel.DocumentHead] = Trainer.Train(document),
};
using (FileStream stream = File.Create(output))
{
    new InjectionModel(heads).Write(stream);
}

Console.WriteLine($"wrote {output} ({new FileInfo(output).Length} bytes)");
return 0;

static void AddSegments(List<Example> examples, string text, int max)
{
    string folded = InjectionText.Fold(text, true, out _);
    var segments = new List<Range>();
    TextSegments.Split(folded, segments);
    foreach (Range r in segments.Take(max))
    {
        string segment = folded[r].Trim();
        if (segment.Length >= 12)
        {
            examples.Add(new Example(segment, 0, Folded: true));

            // Its first few words as well: short factual fragments (a tool's one-line result, a heading) are benign too.
            string[] words = segment.Split(' ');
            if (words.Length > 6)
            {
                examples.Add(new Example(string.Join(' ', words.Take(4)), 0, Folded: true));
            }
        }
    }
}

static void CrossValidate(string name, List<Example> examples)
{
    // 5-fold cross-validation on the training data only, to report how the head generalizes inside its own data.
    const int Folds = 5;
    var scores = new List<(double P, int Label)>();
    for (int fold = 0; fold < Folds; fold++)
    {
        var train = examples.Where((_, i) => i % Folds != fold).ToList();
        var test = examples.Where((_, i) => i % Folds == fold).ToList();
        ModelHead head = Trainer.Train(train);
        scores.AddRange(test.Select(e => (head.Probability(e.FoldedText), e.Label)));
    }

    foreach (double t in new[] { 0.3, 0.4, 0.5, 0.6, 0.7 })
    {
        int tp = scores.Count(s => s.P >= t && s.Label == 1);
        int fp = scores.Count(s => s.P >= t && s.Label == 0);
        int fn = scores.Count(s => s.P < t && s.Label == 1);
        double p = tp / (double)Math.Max(1, tp + fp);
        double r = tp / (double)Math.Max(1, tp + fn);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name} cv t={t:F1}: P={p:F3} R={r:F3} F1={2 * p * r / Math.Max(1e-9, p + r):F3} FP={fp}/{scores.Count(s => s.Label == 0)}"));
    }
}

static string FindData(string repo)
{
    // The first shared/data folder above the repository (../shared/data beside a checkout).
    for (DirectoryInfo? dir = new(repo); dir is not null; dir = dir.Parent)
    {
        string candidate = Path.Combine(dir.FullName, "shared", "data");
        if (Directory.Exists(candidate))
        {
            return candidate;
        }
    }

    return Path.Combine(repo, "..", "shared", "data");
}

static string FindRepo()
{
    for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Compliant.AI.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Compliant.AI.sln not found above the program.");
}
