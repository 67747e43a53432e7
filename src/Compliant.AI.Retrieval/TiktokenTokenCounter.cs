using Microsoft.ML.Tokenizers;

namespace Compliant.AI;

/// <summary>
/// Counts tokens with the <c>o200k_base</c> tiktoken vocabulary of the GPT-4o family, which ships inside the
/// <c>Microsoft.ML.Tokenizers.Data.O200kBase</c> package: nothing is downloaded at run time.
/// </summary>
/// <remarks>
/// Exact for that family and an approximation (typically within 10-20%) for other vendors' tokenizers. Should the
/// vocabulary fail to load, every count falls back to one token per four UTF-16 characters, rounded up, and
/// <see cref="UsesVocabulary"/> is <see langword="false"/>. Thread-safe; the text is neither kept nor logged.
/// </remarks>
public sealed class TiktokenTokenCounter : ITokenCounter
{
    private readonly Lazy<TiktokenTokenizer?> _tokenizer = new(CreateTokenizer, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets the shared instance.</summary>
    public static TiktokenTokenCounter Instance { get; } = new();

    private TiktokenTokenCounter()
    {
    }

    /// <summary>Gets a value indicating whether the vocabulary loaded (otherwise counts are the four-character heuristic).</summary>
    public bool UsesVocabulary => _tokenizer.Value is not null;

    /// <inheritdoc />
    public long CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return 0;
        }

        return _tokenizer.Value is { } tokenizer ? tokenizer.CountTokens(text) : (text.Length + 3L) / 4;
    }

    private static TiktokenTokenizer? CreateTokenizer()
    {
        try
        {
            return TiktokenTokenizer.CreateForModel("gpt-4o");
        }
#pragma warning disable CA1031 // any failure to load the vocabulary falls back to the documented heuristic
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
