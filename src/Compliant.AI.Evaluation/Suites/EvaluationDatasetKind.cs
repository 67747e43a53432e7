namespace Compliant.AI;

/// <summary>What a dataset of an evaluation suite measures.</summary>
public enum EvaluationDatasetKind
{
    /// <summary>JSON Lines (or a JSON array) of texts with gold personal-data spans: precision, recall and F2 per entity type.</summary>
    Pii,

    /// <summary>A BEIR folder (corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv): nDCG@10, recall@k and MRR.</summary>
    Retrieval,

    /// <summary>JSON Lines of questions with <c>answerable</c>, gold documents and key facts, over a corpus: answer, refusal, citation and fact rates.</summary>
    GroundedQa,

    /// <summary>JSON Lines of schemas with prompts or recorded answers: valid, re-ask and invalid-JSON rates.</summary>
    StructuredOutput,

    /// <summary>Labelled prompts or passages (<c>text</c> or <c>prompt</c>, <c>label</c> injection/benign, optional <c>source</c>) scored by the pipeline's <see cref="IPromptInjectionDetector"/>: precision, recall, F1, over-defense accuracy, flagged rate.</summary>
    Injection,
}
