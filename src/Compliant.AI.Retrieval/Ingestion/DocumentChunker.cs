using Compliant.AI.Text;
using Microsoft.ML.Tokenizers;

namespace Compliant.AI.Retrieval.Ingestion;

/// <summary>Cuts a document body into section-aware, sentence-aligned, token-bounded chunks with sentence overlap.</summary>
internal sealed class DocumentChunker
{
    private readonly int _maxTokens;
    private readonly int _overlapTokens;
    private readonly Tokenizer _tokenizer;

    public DocumentChunker(ChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxTokens, 1, nameof(options.MaxTokens));
        ArgumentOutOfRangeException.ThrowIfNegative(options.OverlapTokens, nameof(options.OverlapTokens));
        if (options.OverlapTokens * 2 >= options.MaxTokens && options.OverlapTokens > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "OverlapTokens must be less than half of MaxTokens.");
        }

        _maxTokens = options.MaxTokens;
        _overlapTokens = options.OverlapTokens;
        _tokenizer = options.Tokenizer ?? DefaultTokenizer.Value;
    }

    /// <summary>Chunks <c>text[bodyStart..]</c>; every chunk is trimmed of surrounding whitespace and non-empty.</summary>
    public List<ChunkSpan> Chunk(string text, int bodyStart, bool markdown)
    {
        var chunks = new List<ChunkSpan>();
        var boundaries = new List<int>();
        var segments = new List<(int Start, int End, int Tokens)>();
        foreach (MarkdownSections.Section section in MarkdownSections.Split(text, bodyStart, text.Length, markdown))
        {
            if (text.AsSpan(section.Start, section.End - section.Start).IsWhiteSpace())
            {
                continue;
            }

            boundaries.Clear();
            SentenceSplitter.Split(text, section.Start, section.End, boundaries);
            segments.Clear();
            int segmentStart = section.Start;
            for (int b = 0; b <= boundaries.Count; b++)
            {
                int segmentEnd = b < boundaries.Count ? boundaries[b] : section.End;
                AddSegment(text, segmentStart, segmentEnd, segments);
                segmentStart = segmentEnd;
            }

            Pack(text, segments, section.Path, chunks);
        }

        return chunks;
    }

    private void AddSegment(string text, int start, int end, List<(int Start, int End, int Tokens)> segments)
    {
        if (end <= start)
        {
            return;
        }

        int tokens = _tokenizer.CountTokens(text.AsSpan(start, end - start));
        if (tokens <= _maxTokens)
        {
            segments.Add((start, end, tokens));
            return;
        }

        // An over-long sentence (or text without sentence ends): cut at the token limit, preferring whitespace.
        int position = start;
        while (position < end)
        {
            ReadOnlySpan<char> rest = text.AsSpan(position, end - position);
            int fit = _tokenizer.GetIndexByTokenCount(rest, _maxTokens, out _, out int count);
            if (fit >= rest.Length)
            {
                segments.Add((position, end, count));
                break;
            }

            int cut = fit;
            int space = rest[..fit].LastIndexOfAny(' ', '\n', '\t');
            if (space > fit / 2)
            {
                cut = space + 1;
            }

            if (cut <= 0)
            {
                cut = Math.Min(rest.Length, char.IsHighSurrogate(rest[0]) && rest.Length > 1 ? 2 : 1);
            }
            else if (char.IsHighSurrogate(rest[cut - 1]) && cut < rest.Length)
            {
                cut++;
            }

            segments.Add((position, position + cut, _tokenizer.CountTokens(rest[..cut])));
            position += cut;
        }
    }

    private void Pack(string text, List<(int Start, int End, int Tokens)> segments, string? path, List<ChunkSpan> chunks)
    {
        int n = segments.Count;
        int i = 0;
        while (i < n)
        {
            int j = i;
            int tokens = 0;
            while (j < n && (j == i || tokens + segments[j].Tokens <= _maxTokens))
            {
                tokens += segments[j].Tokens;
                j++;
            }

            // Token counts of pieces can differ slightly from the count of the joined text: verify and shrink.
            while (j - i > 1 && tokens > _maxTokens - (j - i) && _tokenizer.CountTokens(text.AsSpan(segments[i].Start, segments[j - 1].End - segments[i].Start)) > _maxTokens)
            {
                j--;
            }

            Emit(text, segments[i].Start, segments[j - 1].End, path, chunks);
            if (j >= n)
            {
                break;
            }

            int k = j;
            int overlap = 0;
            while (k - 1 > i && overlap + segments[k - 1].Tokens <= _overlapTokens)
            {
                overlap += segments[k - 1].Tokens;
                k--;
            }

            i = k;
        }
    }

    private static void Emit(string text, int start, int end, string? path, List<ChunkSpan> chunks)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            chunks.Add(new ChunkSpan(start, end, path));
        }
    }
}
