using System.Diagnostics;
using System.Security.Cryptography;
using Compliant.AI;
using TicketTriage.Classifier;
using TicketTriage.Training;

// Trains the TicketTriage classifier head: [all-MiniLM-L6-v2 embedding, hashed word/char n-grams] -> 77 intents,
// multinomial logistic regression by AdaGrad. Hyper-parameters are chosen on an inner split of the training part;
// the validation part (Banking77Data.Split) is scored once, at the end, and never used for choosing.
//
//   dotnet run -c Release --project eng/train-triage [-- --data DIR] [--out FILE] [--quick]
string? dataArg = null;
string output = Path.Combine(FindRepoRoot(), "samples", "TicketTriage", "Classifier", "triage-head.bin");
string? lexicalOutput = null;
bool quick = false;
string? exportValidation = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--data": dataArg = args[++i]; break;
        case "--out": output = args[++i]; break;
        case "--lexical-out": lexicalOutput = args[++i]; break;
        case "--quick": quick = true; break;
        case "--export-validation": exportValidation = args[++i]; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

string? data = dataArg ?? Banking77Data.FindDataDirectory(AppContext.BaseDirectory);
if (data is null)
{
    Console.Error.WriteLine("Banking77 not found: pass --data ../shared/data/banking77 (or set COMPLIANT_DATA_DIR to the folder holding banking77).");
    return 2;
}

string[] categories = Banking77Data.ReadCategories(data);
var (trainRows, validationRows) = Banking77Data.Split(Banking77Data.ReadTrain(data));
Console.WriteLine($"train {trainRows.Count}, validation {validationRows.Count}, categories {categories.Length}");
if (exportValidation is not null)
{
    // The validation part as classify input (id, text) plus its label, for measuring outside the tests. Write it
    // outside the repository: it is the dataset's text.
    using var writer = new StreamWriter(exportValidation);
    for (int i = 0; i < validationRows.Count; i++)
    {
        writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { id = $"v{i:D5}", text = validationRows[i].Text, category = validationRows[i].Category }));
    }

    Console.WriteLine($"wrote {validationRows.Count} validation tickets to {exportValidation}");
    return 0;
}


// Train on what the model will see in the pipeline: the text after PII redaction.
var detector = new PiiDetector();
var anonymizer = new PiiAnonymizer();
string Redact(string text) => anonymizer.Anonymize(text, detector.Detect(text), new PseudonymTable()).Text;
var sw = Stopwatch.StartNew();
string[] trainTexts = trainRows.Select(r => Redact(r.Text)).ToArray();
string[] validationTexts = validationRows.Select(r => Redact(r.Text)).ToArray();
Console.WriteLine($"redacted in {sw.ElapsedMilliseconds} ms; {trainTexts.Where((t, i) => t != trainRows[i].Text).Count()} training texts changed");

var classIndex = categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
int[] trainLabels = trainRows.Select(r => classIndex[r.Category]).ToArray();
int[] validationLabels = validationRows.Select(r => classIndex[r.Category]).ToArray();

sw.Restart();
float[][] trainDense = await EmbedCachedAsync(trainTexts);
float[][] validationDense = await EmbedCachedAsync(validationTexts);
Console.WriteLine($"embedded in {sw.ElapsedMilliseconds} ms");
var trainSparse = trainTexts.Select(TicketFeatures.Extract).ToArray();
var validationSparse = validationTexts.Select(TicketFeatures.Extract).ToArray();

// Inner split of the training part for choosing hyper-parameters.
var inner = new Random(17);
int[] order = Enumerable.Range(0, trainTexts.Length).ToArray();
inner.Shuffle(order);
int innerHeld = trainTexts.Length / 10;
int[] fitIdx = order[innerHeld..];
int[] tuneIdx = order[..innerHeld];

(float scale, float lr, int epochs, double acc) best = (0, 0, 0, -1);
LinearHead? bestInner = null;
float[] scales = quick ? [2f] : [1f, 2f, 4f];
float[] rates = quick ? [0.2f] : [0.2f];
int maxEpochs = quick ? 8 : 12;
foreach (float scale in scales)
{
    foreach (float lr in rates)
    {
        var trainer = new Trainer(categories.Length, MiniLmEmbeddingGenerator.Dimensions, TicketFeatures.HashedDimensions, scale, lr);
        for (int epoch = 1; epoch <= maxEpochs; epoch++)
        {
            trainer.Epoch(fitIdx.Select(i => (trainDense[i], trainSparse[i], trainLabels[i])).ToArray(), new Random(epoch));
            if (epoch % 4 == 0)
            {
                LinearHead head = trainer.ToHead(categories);
                double acc = Accuracy(head, tuneIdx.Select(i => trainDense[i]).ToArray(), tuneIdx.Select(i => trainSparse[i]).ToArray(), tuneIdx.Select(i => trainLabels[i]).ToArray());
                Console.WriteLine($"scale {scale} lr {lr} epoch {epoch}: inner accuracy {acc:F4}");
                if (acc > best.acc)
                {
                    best = (scale, lr, epoch, acc);
                    bestInner = head;
                }
            }
        }
    }
}

Console.WriteLine($"chosen: scale {best.scale} lr {best.lr} epochs {best.epochs} (inner accuracy {best.acc:F4})");

// The confidence threshold is chosen here too, on the inner split, never on the validation part.
Console.WriteLine("inner split: threshold -> share sent to a person, accuracy on the rest");
float[] q = new float[categories.Length];
var scored = tuneIdx.Select(i =>
{
    bestInner!.Predict(trainDense[i], trainSparse[i].Indices, trainSparse[i].Values, q);
    int arg = Array.IndexOf(q, q.Max());
    return (Confidence: q[arg], Correct: arg == trainLabels[i]);
}).ToArray();
foreach (double t in new[] { 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7 })
{
    var kept = scored.Where(s => s.Confidence >= t).ToArray();
    Console.WriteLine($"  {t:F2} -> {1 - (kept.Length / (double)scored.Length):P1} sent, {kept.Count(s => s.Correct) / (double)Math.Max(1, kept.Length):F4}");
}
// The cascade's first stage: a head over the hashed n-grams alone (no embedding). Trained on the same inner split; the
// cascade threshold (answer from it when its top probability reaches the threshold, else embed) is chosen here as
// well, on the inner split, never on the validation part.
float[] noDense = [];
(float lr, int epochs, double acc) bestLexical = (0, 0, -1);
LinearHead? bestLexicalInner = null;
float[] lexicalRates = quick ? [0.2f] : [0.1f, 0.2f, 0.4f];
foreach (float lr in lexicalRates)
{
    var trainer = new Trainer(categories.Length, 0, TicketFeatures.HashedDimensions, 1f, lr);
    for (int epoch = 1; epoch <= maxEpochs; epoch++)
    {
        trainer.Epoch(fitIdx.Select(i => (noDense, trainSparse[i], trainLabels[i])).ToArray(), new Random(epoch));
        if (epoch % 4 == 0)
        {
            LinearHead head = trainer.ToHead(categories);
            double acc = Accuracy(head, tuneIdx.Select(_ => noDense).ToArray(), tuneIdx.Select(i => trainSparse[i]).ToArray(), tuneIdx.Select(i => trainLabels[i]).ToArray());
            Console.WriteLine($"lexical lr {lr} epoch {epoch}: inner accuracy {acc:F4}");
            if (acc > bestLexical.acc)
            {
                bestLexical = (lr, epoch, acc);
                bestLexicalInner = head;
            }
        }
    }
}

Console.WriteLine($"lexical chosen: lr {bestLexical.lr} epochs {bestLexical.epochs} (inner accuracy {bestLexical.acc:F4})");
float[] lq = new float[categories.Length];
var cascadeRows = tuneIdx.Select(i =>
{
    bestInner!.Predict(trainDense[i], trainSparse[i].Indices, trainSparse[i].Values, q);
    int full = Array.IndexOf(q, q.Max());
    float fullConfidence = q[full];
    bestLexicalInner!.Predict(noDense, trainSparse[i].Indices, trainSparse[i].Values, lq);
    int lexical = Array.IndexOf(lq, lq.Max());
    return (Label: trainLabels[i], Full: full, FullConfidence: fullConfidence, Lexical: lexical, LexicalConfidence: lq[lexical]);
}).ToArray();
double fullInnerAccuracy = cascadeRows.Count(r => r.Full == r.Label) / (double)cascadeRows.Length;
var fullKept = cascadeRows.Where(r => r.FullConfidence >= 0.7).ToArray();
double fullKeptAccuracy = fullKept.Count(r => r.Full == r.Label) / (double)Math.Max(1, fullKept.Length);
Console.WriteLine($"inner split: cascade threshold -> share embedded, accuracy, and at needs-human 0.7: share sent, accuracy on the rest (embedding always: {fullInnerAccuracy:F4}; {1 - (fullKept.Length / (double)cascadeRows.Length):P1} sent, {fullKeptAccuracy:F4})");
double chosenCascade = 1;
foreach (double t in new[] { 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95 })
{
    var answers = cascadeRows.Select(r => r.LexicalConfidence >= t ? (Predicted: r.Lexical, Confidence: r.LexicalConfidence, r.Label) : (Predicted: r.Full, Confidence: r.FullConfidence, r.Label)).ToArray();
    double embedded = cascadeRows.Count(r => r.LexicalConfidence < t) / (double)cascadeRows.Length;
    double acc = answers.Count(a => a.Predicted == a.Label) / (double)answers.Length;
    var kept = answers.Where(a => a.Confidence >= 0.7).ToArray();
    double keptAccuracy = kept.Count(a => a.Predicted == a.Label) / (double)Math.Max(1, kept.Length);
    Console.WriteLine($"  {t:F2} -> {embedded:P1} embedded, accuracy {acc:F4}; {1 - (kept.Length / (double)answers.Length):P1} sent, {keptAccuracy:F4}");

    // The lowest threshold that costs at most 0.3 points of accuracy against embedding every ticket, both on all
    // tickets and on those not sent to a person at the configured needs-human threshold (0.7).
    if (chosenCascade == 1 && acc >= fullInnerAccuracy - 0.003 && keptAccuracy >= fullKeptAccuracy - 0.003)
    {
        chosenCascade = t;
    }
}

Console.WriteLine($"cascade threshold chosen on the inner split: {chosenCascade:F2} (set TicketTriage:CascadeThreshold to it)");

var final = new Trainer(categories.Length, MiniLmEmbeddingGenerator.Dimensions, TicketFeatures.HashedDimensions, best.scale, best.lr);
var all = Enumerable.Range(0, trainTexts.Length).Select(i => (trainDense[i], trainSparse[i], trainLabels[i])).ToArray();
for (int epoch = 1; epoch <= best.epochs; epoch++)
{
    final.Epoch(all, new Random(epoch));
}

LinearHead trained = final.ToHead(categories);
using (var stream = File.Create(output))
{
    trained.Write(stream);
}

// Score the written (half-precision) head on the validation part, as the sample will load it.
LinearHead loaded;
using (var stream = File.OpenRead(output))
{
    loaded = LinearHead.Read(stream);
}

double validationAccuracy = Accuracy(loaded, validationDense, validationSparse, validationLabels);
Console.WriteLine($"wrote {output} ({new FileInfo(output).Length / 1024} KB); validation accuracy (in-process) {validationAccuracy:F4}");

lexicalOutput ??= Path.Combine(Path.GetDirectoryName(output)!, "triage-lexical-head.bin");
var finalLexical = new Trainer(categories.Length, 0, TicketFeatures.HashedDimensions, 1f, bestLexical.lr);
var allLexical = Enumerable.Range(0, trainTexts.Length).Select(i => (noDense, trainSparse[i], trainLabels[i])).ToArray();
for (int epoch = 1; epoch <= bestLexical.epochs; epoch++)
{
    finalLexical.Epoch(allLexical, new Random(epoch));
}

using (var stream = File.Create(lexicalOutput))
{
    finalLexical.ToHead(categories).Write(stream);
}

LinearHead lexicalLoaded;
using (var stream = File.OpenRead(lexicalOutput))
{
    lexicalLoaded = LinearHead.Read(stream);
}

double lexicalAccuracy = Accuracy(lexicalLoaded, validationDense.Select(_ => noDense).ToArray(), validationSparse, validationLabels);
Console.WriteLine($"wrote {lexicalOutput} ({new FileInfo(lexicalOutput).Length / 1024} KB); lexical-only validation accuracy (in-process) {lexicalAccuracy:F4}");
return 0;

static double Accuracy(LinearHead head, float[][] dense, (int[] Indices, float[] Values)[] sparse, int[] labels)
{
    int correct = 0;
    float[] p = new float[head.Classes.Length];
    for (int i = 0; i < labels.Length; i++)
    {
        head.Predict(dense[i], sparse[i].Indices, sparse[i].Values, p);
        int arg = 0;
        for (int c = 1; c < p.Length; c++)
        {
            if (p[c] > p[arg])
            {
                arg = c;
            }
        }

        correct += arg == labels[i] ? 1 : 0;
    }

    return (double)correct / labels.Length;
}

static async Task<float[][]> EmbedCachedAsync(string[] texts)
{
    // The embeddings take minutes on two cores: cache them outside the repository, keyed by the texts.
    string key = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\u0001', texts))))[..16];
    string cache = Path.Combine(Path.GetTempPath(), $"train-triage-{key}.bin");
    if (File.Exists(cache))
    {
        using var reader = new BinaryReader(File.OpenRead(cache));
        return Enumerable.Range(0, texts.Length).Select(_ => Enumerable.Range(0, MiniLmEmbeddingGenerator.Dimensions).Select(_ => reader.ReadSingle()).ToArray()).ToArray();
    }

    using var generator = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { BatchSize = 64 });
    var result = await generator.GenerateAsync(texts);
    float[][] vectors = result.Select(e => e.Vector.ToArray()).ToArray();
    using (var writer = new BinaryWriter(File.Create(cache)))
    {
        foreach (float[] v in vectors)
        {
            foreach (float f in v)
            {
                writer.Write(f);
            }
        }
    }

    return vectors;
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Compliant.AI.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
