using System.Globalization;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.Retrieval.Evaluation;

/// <summary>
/// The embedding models and thresholds the real-documents evaluation runs with: the PolicyAssistant's (MiniLM for dense
/// retrieval and for the extractive model, the sample's thresholds) unless environment variables say otherwise, so one
/// build can compare models: <c>EVAL_DENSE_MODEL</c> and <c>EVAL_SCORER_MODEL</c> (<see cref="MiniLmModel"/> names),
/// <c>EVAL_QUERY_PREFIX=1</c> (arctic-embed's query instruction before each question), <c>EVAL_DENSE_MIN</c>,
/// <c>EVAL_DENSE_SENTENCE_MIN</c>, <c>EVAL_PARAPHRASE</c> and <c>EVAL_FULL_SUPPORT</c>.
/// </summary>
internal static class EvaluationModels
{
    /// <summary>The instruction arctic-embed puts before a query (never before a passage).</summary>
    public const string ArcticQueryPrefix = "Represent this sentence for searching relevant passages: ";

    public static MiniLmModel Dense => Model("EVAL_DENSE_MODEL");

    public static MiniLmModel Scorer => Model("EVAL_SCORER_MODEL");

    public static bool QueryPrefix => Environment.GetEnvironmentVariable("EVAL_QUERY_PREFIX") == "1";

    public static string CacheFile(string name, MiniLmModel model) =>
        Path.Combine(Path.GetTempPath(), "compliant-ai-eval", model == MiniLmModel.AllMiniLmL6V2 ? $"{name}-minilm.bin" : $"{name}-{model}.bin");

    /// <summary>The generator dense retrieval embeds questions with: the chunks' generator, with the query instruction when asked.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> ForQueries(IEmbeddingGenerator<string, Embedding<float>> generator) =>
        QueryPrefix ? new QueryPrefixGenerator(generator, ArcticQueryPrefix) : generator;

    public static DenseRetrieverOptions Apply(DenseRetrieverOptions options)
    {
        options.MinimumSimilarity = Number("EVAL_DENSE_MIN") ?? options.MinimumSimilarity;
        options.MinimumSentenceSimilarity = Number("EVAL_DENSE_SENTENCE_MIN") ?? options.MinimumSentenceSimilarity;
        return options;
    }

    public static ExtractiveChatClientOptions Apply(ExtractiveChatClientOptions options)
    {
        options.ParaphraseSimilarity = Number("EVAL_PARAPHRASE") ?? options.ParaphraseSimilarity;
        options.FullSupportSimilarity = Number("EVAL_FULL_SUPPORT") ?? options.FullSupportSimilarity;
        return options;
    }

    public static string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"dense model {Dense}{(QueryPrefix ? " (query instruction)" : "")}, extractive model's scorer {Scorer}");

    private static MiniLmModel Model(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? Enum.Parse<MiniLmModel>(value, ignoreCase: true) : MiniLmModel.AllMiniLmL6V2;

    private static double? Number(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? double.Parse(value, CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// Puts the query instruction before a single text (DenseRetriever embeds its question alone); batches (passages,
    /// sentences for sentence evidence) pass as they are.
    /// </summary>
    private sealed class QueryPrefixGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string prefix)
        : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            string[] texts = values.ToArray();
            return inner.GenerateAsync(texts.Length == 1 ? [prefix + texts[0]] : texts, options, cancellationToken);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

        public void Dispose()
        {
        }
    }
}
