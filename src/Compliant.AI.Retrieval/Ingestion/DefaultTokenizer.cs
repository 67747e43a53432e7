using Microsoft.ML.Tokenizers;

namespace Compliant.AI.Retrieval.Ingestion;

/// <summary>The default chunking tokenizer: <c>cl100k_base</c>, loaded once from the vocabulary embedded in its data package.</summary>
internal static class DefaultTokenizer
{
    private static readonly Lazy<Tokenizer> Instance = new(static () => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    public static Tokenizer Value => Instance.Value;
}
