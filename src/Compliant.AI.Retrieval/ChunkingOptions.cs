using System.ComponentModel.DataAnnotations;
using Microsoft.ML.Tokenizers;

namespace Compliant.AI;

/// <summary>How <see cref="DocumentIngestor"/> cuts documents into chunks.</summary>
/// <remarks>
/// Chunks never cross a Markdown section (heading) boundary, end at sentence boundaries where possible, and hold at most
/// <see cref="MaxTokens"/> tokens as counted by <see cref="Tokenizer"/>; consecutive chunks of a section share up to
/// <see cref="OverlapTokens"/> tokens of whole sentences.
/// </remarks>
public sealed class ChunkingOptions
{
    /// <summary>Gets or sets the largest chunk, in tokens.</summary>
    /// <value>The default is 256.</value>
    [Range(16, 65536)]
    public int MaxTokens { get; set; } = 256;

    /// <summary>Gets or sets how many tokens of whole sentences a chunk repeats from the end of the previous chunk of the same section.</summary>
    /// <value>The default is 32. Must be less than half of <see cref="MaxTokens"/>.</value>
    [Range(0, 32768)]
    public int OverlapTokens { get; set; } = 32;

    /// <summary>Gets or sets the tokenizer that counts tokens.</summary>
    /// <value>
    /// The default is <see langword="null"/>: the <c>cl100k_base</c> byte-pair encoding (GPT-4 / text-embedding-3),
    /// whose vocabulary ships inside the Microsoft.ML.Tokenizers.Data.Cl100kBase package (no download).
    /// Set it to your embedding model's tokenizer to bound chunks by that model's context.
    /// </value>
    public Tokenizer? Tokenizer { get; set; }

    /// <summary>Gets or sets the longest document accepted, in characters.</summary>
    /// <value>The default is 20,000,000. Longer documents fail with <see cref="IngestionErrorCode.TooLarge"/>.</value>
    [Range(1, int.MaxValue)]
    public int MaxDocumentLength { get; set; } = 20_000_000;
}
