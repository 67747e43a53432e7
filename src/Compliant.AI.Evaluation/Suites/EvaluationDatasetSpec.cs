namespace Compliant.AI;

/// <summary>One dataset of an evaluation suite: where its cases are, what it measures, and its gates.</summary>
public sealed class EvaluationDatasetSpec
{
    /// <summary>Gets the dataset's name, unique in the suite.</summary>
    public required string Name { get; init; }

    /// <summary>Gets what the dataset measures.</summary>
    public required EvaluationDatasetKind Kind { get; init; }

    /// <summary>Gets the full path of the cases: a file for PII, grounded QA and structured output; a BEIR folder for retrieval.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the full path of the corpus grounded questions are answered from (a folder of .md/.txt/.html files or a BEIR-style corpus.jsonl), or <see langword="null"/> to use the retriever of the host's services as it is.</summary>
    public string? Corpus { get; init; }

    /// <summary>Gets a value indicating whether a missing dataset is skipped (reported as skipped) instead of failing the suite with exit code 2.</summary>
    public bool Optional { get; init; }

    /// <summary>Gets the map from the dataset's labels to the detector's entity types (PII); a label mapped to <c>IGNORE</c> is not scored, an unmapped label keeps its name.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the qrels split of a BEIR folder. The default is <c>test</c>.</summary>
    public string Split { get; init; } = "test";

    /// <summary>Gets the cut-off of recall@k and MRR for retrieval. The default is 100 (recall) and 10 (MRR, nDCG).</summary>
    public int RecallK { get; init; } = 100;

    /// <summary>Gets the number of cases to run (the first N), or <see langword="null"/> for all.</summary>
    public int? MaxCases { get; init; }

    /// <summary>Gets the full path of a configuration file (appsettings.json) for this dataset's pipeline, overriding the run's, or <see langword="null"/>.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Gets the slices to run (cases whose <c>slice</c>, or <c>corpus</c> for grounded QA, is listed), or <see langword="null"/> for every case.</summary>
    public IReadOnlyList<string>? Slices { get; init; }

    /// <summary>Gets the gates of this dataset.</summary>
    public IReadOnlyList<EvaluationThreshold> Thresholds { get; init; } = [];

    /// <summary>Gets the source an injection dataset's texts are scored as, unless a case names its own (<c>source</c>).</summary>
    /// <value>The default is <see cref="PromptInjectionSource.User"/>.</value>
    public PromptInjectionSource Source { get; init; } = PromptInjectionSource.User;

    /// <summary>Gets the label of injection cases that carry none (<see langword="true"/> for attacks, <see langword="false"/> for benign sets such as NotInject), or <see langword="null"/> to require a label on every case.</summary>
    public bool? DefaultLabel { get; init; }
}
