namespace Compliant.AI;

/// <summary>Counts the tokens of a text offline, for cost control when a provider reports no usage.</summary>
/// <remarks>
/// <para>
/// <see cref="CostControlChatClient"/> resolves one from DI. Without one it estimates one token per four UTF-16
/// characters, rounded up. The <c>Compliant.AI.Retrieval</c> package ships <c>TiktokenTokenCounter</c> (the
/// <c>o200k_base</c> vocabulary of the GPT-4o family, embedded in the package), registered by
/// <c>AddTiktokenTokenCounter()</c>; it lives there because that package already carries Microsoft.ML.Tokenizers for
/// chunking, and the pipeline package takes no tokenizer.
/// </para>
/// <para>Implementations must be thread-safe and must not keep or log the text.</para>
/// </remarks>
public interface ITokenCounter
{
    /// <summary>Counts the tokens of <paramref name="text"/>.</summary>
    /// <param name="text">The text; never <see langword="null"/>, may be empty.</param>
    /// <returns>The number of tokens, zero or more.</returns>
    long CountTokens(string text);
}
