using System.Buffers;
using System.Text;
using Compliant.AI.Internal;
using Compliant.AI.Retrieval.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliant.AI;

/// <summary>
/// The embedded lexical retriever: an in-memory BM25 inverted index with an access-control pre-filter.
/// </summary>
/// <remarks>
/// <para>
/// Chunks are analyzed with an <see cref="EnglishAnalyzer"/> and stored in postings arrays (chunk slot, term
/// frequency) per term. A query scores term-at-a-time into a pooled accumulator, touching only the postings of its
/// terms, then keeps the top k in a heap: cost grows with the total postings length of the query terms, not with the
/// corpus as a whole. The caller's readable chunks are computed first as a bitmap from principal postings
/// (<see cref="ChunkSearchFilter.Principals"/>), so hundreds of groups cost one dictionary lookup each.
/// </para>
/// <para>
/// Scores are classic BM25: <c>Σ idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen))</c> with
/// <c>idf(t) = ln(1 + (N − df + 0.5)/(df + 0.5))</c>. <see cref="RetrievalResult.HasEvidence"/> is true when the best
/// passage contains query terms carrying at least <see cref="Bm25Options.MinimumTermCoverage"/> of the query's IDF
/// weight and scores at least <see cref="Bm25Options.MinimumScore"/>.
/// </para>
/// <para>
/// Removed and replaced chunks are tombstoned and the postings compacted once a quarter of the slots are dead.
/// Thread-safe: queries run concurrently; writes take an exclusive lock, so a query sees a document's old or new
/// chunks, never a mix.
/// </para>
/// </remarks>
public sealed partial class InMemoryBm25Index : IChunkIndex, IRetriever, IDisposable
{
    private const string Name = "bm25";
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Bm25Options _options;
    private readonly EnglishAnalyzer _analyzer;
    private readonly ILogger _logger;
    private readonly Dictionary<string, string[]> _vocabulary;
    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly List<Postings> _postings = [];
    private readonly Dictionary<string, (string Hash, int[] Slots)> _documents = new(StringComparer.Ordinal);
    private AclPostings _acl = new();
    private DocumentChunk?[] _chunks = new DocumentChunk?[64];
    private int[] _lengths = new int[64];
    private TermVector[] _vectors = new TermVector[64];
    private int _slotCount;
    private int _liveCount;
    private long _totalLength;

    /// <summary>Initializes a new instance of the <see cref="InMemoryBm25Index"/> class.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="analyzer">The analyzer, or <see langword="null"/> for <see cref="EnglishAnalyzer.Default"/>.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public InMemoryBm25Index(Bm25Options? options = null, EnglishAnalyzer? analyzer = null, ILogger? logger = null)
    {
        _options = options ?? new Bm25Options();
        Throw.IfOutOfRange(_options.K1, 0, 10);
        Throw.IfOutOfRange(_options.B, 0, 1);
        Throw.IfOutOfRange(_options.UnknownTermWeight, 0, 1);
        Throw.IfLessThan(_options.EvidenceDepth, 1);
        _analyzer = analyzer ?? EnglishAnalyzer.Default;
        _logger = logger ?? NullLogger.Instance;
        _vocabulary = BuildVocabulary(_options.QueryVocabulary, _analyzer);
    }

    /// <summary>Gets the options.</summary>
    public Bm25Options Options => _options;

    /// <summary>Gets the analyzer.</summary>
    public EnglishAnalyzer Analyzer => _analyzer;

    /// <summary>Gets the number of chunks indexed.</summary>
    public int ChunkCount => Read(static self => self._liveCount);

    /// <summary>Gets the number of documents indexed.</summary>
    public int DocumentCount => Read(static self => self._documents.Count);

    /// <summary>Gets the number of distinct terms seen (including terms of removed chunks until compaction).</summary>
    public int TermCount => Read(static self => self._termIds.Count);

    /// <inheritdoc/>
    public ValueTask<string?> GetDocumentHashAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        return new(Read(self => self._documents.TryGetValue(documentId, out var entry) ? entry.Hash : null));
    }

    /// <summary>Returns the indexed chunks of a document, in ordinal order.</summary>
    /// <param name="documentId">The document id.</param>
    /// <returns>The chunks; empty when the document is not indexed.</returns>
    public IReadOnlyList<DocumentChunk> GetChunks(string documentId)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        return Read(self => self._documents.TryGetValue(documentId, out var entry)
            ? entry.Slots.Select(s => self._chunks[s]!).ToArray()
            : (IReadOnlyList<DocumentChunk>)[]);
    }

    /// <inheritdoc/>
    public Task ReplaceDocumentAsync(string documentId, IReadOnlyList<DocumentChunk> chunks, CancellationToken cancellationToken = default)
    {
        ChunkValidation.ValidateDocumentChunks(documentId, chunks, static c => c);
        cancellationToken.ThrowIfCancellationRequested();

        // Analyze outside the lock.
        var analyzed = new Dictionary<string, int>[chunks.Count];
        var lengths = new int[chunks.Count];
        for (int i = 0; i < chunks.Count; i++)
        {
            (analyzed[i], lengths[i]) = AnalyzeChunk(chunks[i]);
        }

        _lock.EnterWriteLock();
        try
        {
            RemoveLocked(documentId);
            int[] slots = new int[chunks.Count];
            for (int i = 0; i < chunks.Count; i++)
            {
                slots[i] = AddLocked(chunks[i], analyzed[i], lengths[i]);
            }

            _documents[documentId] = (chunks[0].DocumentHash, slots);
            CompactIfNeededLocked();
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        _lock.EnterWriteLock();
        try
        {
            bool removed = RemoveLocked(documentId);
            CompactIfNeededLocked();
            return Task.FromResult(removed);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <inheritdoc/>
    public Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(request);
        Throw.IfLessThan(request.TopK, 1);
        cancellationToken.ThrowIfCancellationRequested();
        using RetrievalInstrumentation instrumentation = RetrievalInstrumentation.Start(Name, request.TopK);
        try
        {
            ChunkSearchFilter filter = ChunkSearchFilter.ForRequest(request);
            SearchOutcome outcome = SearchCore(request.Query, filter, request.TopK);
            var passages = new RetrievedPassage[outcome.Hits.Length];
            for (int i = 0; i < passages.Length; i++)
            {
                passages[i] = outcome.Hits[i].Chunk.ToPassage(outcome.Hits[i].Score);
            }

            if (_options.FollowingChunks > 0 && passages.Length > 0)
            {
                ExpandWithFollowingChunks(passages, outcome.Hits, filter);
            }

            bool hasEvidence = passages.Length > 0
                && outcome.BestCoverage >= _options.MinimumTermCoverage
                && passages[0].Score >= _options.MinimumScore;
            var result = new RetrievalResult(passages, outcome.DeniedCount, hasEvidence) { EvidenceScore = outcome.BestCoverage };
            instrumentation.Complete(result, outcome.DeniedIds);
            RetrievalLog.RetrievalCompleted(_logger, Name, passages.Length, outcome.DeniedCount, hasEvidence);
            return Task.FromResult(result);
        }
        catch (Exception ex)
        {
            instrumentation.Fail(ex);
            throw;
        }
    }

    /// <summary>Finds the best chunks for a query among those the filter allows (no telemetry; used by composite retrievers and tools).</summary>
    /// <param name="query">The query text.</param>
    /// <param name="filter">The access-control and field filter, applied before ranking.</param>
    /// <param name="top">How many chunks to return at most.</param>
    /// <returns>The hits, best first, and how many unreadable chunks would have ranked among them.</returns>
    public ChunkSearchResult Search(string query, ChunkSearchFilter filter, int top)
    {
        Throw.IfNull(query);
        Throw.IfNull(filter);
        Throw.IfLessThan(top, 1);
        SearchOutcome outcome = SearchCore(query, filter, top);
        return new ChunkSearchResult(outcome.Hits, outcome.DeniedCount) { DeniedChunkIds = outcome.DeniedIds, EvidenceCoverage = outcome.BestCoverage };
    }

    /// <inheritdoc/>
    public void Dispose() => _lock.Dispose();

    /// <summary>
    /// Joins returned passages with a neighbouring chunk of their document, in one pass under one read lock: a passage
    /// shorter than <paramref name="minimumLength"/> characters with the following chunk
    /// (<see cref="HybridRetrieverOptions.MinimumPassageCharacters"/>; 0 for none), and, with <paramref name="joinCutSentences"/>,
    /// a passage whose chunk opens inside a sentence (its first character is a lower-case letter) after the preceding chunk
    /// of the same section (<see cref="HybridRetrieverOptions.JoinCutSentences"/>). A neighbour is not joined when the
    /// caller may not read it or it is itself among the passages; the overlap between neighbouring chunks is not repeated.
    /// A passage whose chunk this index does not hold is returned as it is.
    /// </summary>
    internal RetrievedPassage[] JoinNeighbouringChunks(IReadOnlyList<RetrievedPassage> passages, ChunkSearchFilter filter, bool joinCutSentences, int minimumLength)
    {
        RetrievedPassage[] result = [.. passages];
        var returned = new HashSet<string>(StringComparer.Ordinal);
        foreach (RetrievedPassage p in result)
        {
            returned.Add(p.ChunkId);
        }

        bool Joinable(DocumentChunk? neighbour) => neighbour is not null && !returned.Contains(neighbour.Id) && filter.Allows(neighbour);

        _lock.EnterReadLock();
        try
        {
            for (int i = 0; i < result.Length; i++)
            {
                RetrievedPassage p = result[i];
                bool isShort = p.Text.Length < minimumLength;
                bool isCut = joinCutSentences && p.Text.Length > 0 && char.IsLower(p.Text[0]);
                if (!(isShort || isCut) || !_documents.TryGetValue(p.DocumentId, out var entry))
                {
                    continue;
                }

                int position = Array.FindIndex(entry.Slots, slot => _chunks[slot]?.Id == p.ChunkId);
                if (position < 0)
                {
                    continue;
                }

                string text = p.Text;
                int start = p.Start;
                int end = p.End;
                DocumentChunk? next = isShort && position + 1 < entry.Slots.Length ? _chunks[entry.Slots[position + 1]] : null;
                if (Joinable(next) && next!.End > end)
                {
                    text += next.Start >= end ? "\n" + next.Text : next.Text[(end - next.Start)..];
                    end = next.End;
                }

                DocumentChunk? previous = isCut && position > 0 ? _chunks[entry.Slots[position - 1]] : null;
                if (Joinable(previous) && previous!.Start < start && string.Equals(previous.SectionPath, p.SectionPath, StringComparison.Ordinal))
                {
                    text = (previous.End <= start
                        ? previous.Text + (previous.End < start ? "\n" : string.Empty)
                        : previous.Text[..(start - previous.Start)]) + text;
                    start = previous.Start;
                }

                if (start != p.Start || end != p.End)
                {
                    result[i] = WithSpan(p, text, start, end);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return result;
    }

    /// <summary>A copy of <paramref name="p"/> whose text spans <c>[start, end)</c> of its document: a passage joined with a neighbouring chunk.</summary>
    private static RetrievedPassage WithSpan(RetrievedPassage p, string text, int start, int end) => new()
    {
        ChunkId = p.ChunkId,
        DocumentId = p.DocumentId,
        Text = text,
        Score = p.Score,
        Title = p.Title,
        Source = p.Source,
        SectionPath = p.SectionPath,
        Start = start,
        End = end,
        Classification = p.Classification,
    };

    /// <summary>Joins each passage with up to <see cref="Bm25Options.FollowingChunks"/> following chunks of its document.</summary>
    private void ExpandWithFollowingChunks(RetrievedPassage[] passages, ScoredChunk[] hits, ChunkSearchFilter filter)
    {
        var returned = new HashSet<string>(StringComparer.Ordinal);
        foreach (ScoredChunk hit in hits)
        {
            returned.Add(hit.Chunk.Id);
        }

        _lock.EnterReadLock();
        try
        {
            for (int i = 0; i < passages.Length; i++)
            {
                DocumentChunk chunk = hits[i].Chunk;
                if (!_documents.TryGetValue(chunk.DocumentId, out var entry))
                {
                    continue;
                }

                int position = Array.FindIndex(entry.Slots, slot => ReferenceEquals(_chunks[slot], chunk) || _chunks[slot]?.Id == chunk.Id);
                if (position < 0)
                {
                    continue;
                }

                StringBuilder? text = null;
                int end = chunk.End;
                for (int k = position + 1; k <= position + _options.FollowingChunks && k < entry.Slots.Length; k++)
                {
                    DocumentChunk? next = _chunks[entry.Slots[k]];
                    if (next is null || returned.Contains(next.Id) || !filter.Allows(next) || next.End <= end)
                    {
                        break;
                    }

                    text ??= new StringBuilder(chunk.Text);
                    if (next.Start >= end)
                    {
                        text.Append(next.Start > end ? "\n" : string.Empty).Append(next.Text);
                    }
                    else
                    {
                        // Neighbouring chunks overlap (ChunkingOptions.OverlapTokens): append only what is new.
                        text.Append(next.Text.AsSpan(end - next.Start));
                    }

                    end = next.End;
                }

                if (text is not null)
                {
                    RetrievedPassage p = passages[i];
                    passages[i] = WithSpan(p, text.ToString(), p.Start, end);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private SearchOutcome SearchCore(string query, ChunkSearchFilter filter, int top)
    {
        // Analyze the query: known terms with their query frequency; unknown terms only count for coverage.
        Dictionary<string, int> queryTerms = AnalyzeQuery(query);
        if (queryTerms.Count == 0)
        {
            return SearchOutcome.Empty;
        }

        _lock.EnterReadLock();
        float[]? scores = null;
        int[]? touched = null;
        ulong[]? bitmap = null;
        try
        {
            if (_liveCount == 0)
            {
                return SearchOutcome.Empty;
            }

            int n = _liveCount;
            float k1 = (float)_options.K1;
            float b = (float)_options.B;
            float avgLength = Math.Max(1f, (float)((double)_totalLength / n));
            float unknownIdf = (float)(Idf(n, 0) * _options.UnknownTermWeight);

            // Scoring terms (a vocabulary alternative scores at half weight) and content terms for the evidence figure: a
            // content term is covered by a passage holding it or every word of its alternative phrase.
            var terms = new List<(int TermId, float Idf, float Qtf)>(queryTerms.Count);
            var content = new List<(int TermId, int[]? Alternative, double Weight)>(queryTerms.Count);
            double totalIdf = 0;
            foreach (KeyValuePair<string, int> qt in queryTerms)
            {
                int termId = _termIds.TryGetValue(qt.Key, out int id) && _postings[id].LiveDf > 0 ? id : -1;
                double weight = termId >= 0 ? Idf(n, _postings[termId].LiveDf) : unknownIdf;
                if (termId >= 0)
                {
                    terms.Add((termId, (float)weight, qt.Value));
                }

                int[]? alternative = KnownAlternative(qt.Key);
                if (alternative is not null)
                {
                    foreach (int altId in alternative)
                    {
                        terms.Add((altId, Idf(n, _postings[altId].LiveDf), AlternativeWeight));
                    }
                }

                content.Add((termId, alternative, weight));
                totalIdf += weight;
            }

            if (terms.Count == 0)
            {
                return SearchOutcome.Empty;
            }

            int words = (_slotCount + 63) >> 6;
            bitmap = ArrayPool<ulong>.Shared.Rent(words);
            Span<ulong> allowed = bitmap.AsSpan(0, words);
            _acl.Fill(filter.Principals, allowed);

            scores = ArrayPool<float>.Shared.Rent(_slotCount);
            touched = ArrayPool<int>.Shared.Rent(_slotCount);
            Span<float> acc = scores.AsSpan(0, _slotCount);
            acc.Clear();
            int touchedCount = 0;
            bool countDenied = _options.CountDenied;
            int[] lengths = _lengths;
            float lengthFactor = k1 * b / avgLength;
            float lengthBase = k1 * (1 - b);

            foreach ((int termId, float idf, float qtf) in terms)
            {
                Postings postings = _postings[termId];
                float weight = idf * qtf * (k1 + 1);
                int[] slots = postings.Slots;
                int[] freqs = postings.Freqs;
                for (int p = 0; p < postings.Count; p++)
                {
                    int slot = slots[p];
                    int length = lengths[slot];
                    if (length < 0)
                    {
                        continue; // removed
                    }

                    if (!countDenied && (allowed[slot >> 6] & (1UL << slot)) == 0)
                    {
                        continue;
                    }

                    float tf = freqs[p];
                    float s = weight * tf / (tf + lengthBase + (lengthFactor * length));
                    if (acc[slot] == 0)
                    {
                        touched[touchedCount++] = slot;
                    }

                    acc[slot] += s;
                }
            }

            var allowedTop = new TopK(top);
            var deniedTop = new TopK(top);
            bool checkFields = filter.Fields is not null;
            for (int t = 0; t < touchedCount; t++)
            {
                int slot = touched[t];
                float score = acc[slot];
                if (checkFields && !filter.MatchesFields(_chunks[slot]!))
                {
                    continue;
                }

                if ((allowed[slot >> 6] & (1UL << slot)) != 0)
                {
                    allowedTop.Add(slot, score);
                }
                else if (score > allowedTop.Threshold)
                {
                    deniedTop.Add(slot, score);
                }
            }

            (int Id, float Score)[] best = allowedTop.ToSortedArray();
            string[] deniedIds = countDenied ? DeniedCounter.Ids(best, deniedTop.ToSortedArray(), top, _chunks) : [];
            var hits = new ScoredChunk[best.Length];
            for (int i = 0; i < hits.Length; i++)
            {
                hits[i] = new ScoredChunk(_chunks[best[i].Id]!, best[i].Score);
            }

            double coverage = 0;
            if (totalIdf > 0)
            {
                for (int h = 0; h < Math.Min(best.Length, _options.EvidenceDepth); h++)
                {
                    TermVector vector = _vectors[best[h].Id];
                    double matched = 0;
                    foreach ((int termId, int[]? alternative, double weight) in content)
                    {
                        if ((termId >= 0 && Array.BinarySearch(vector.TermIds, termId) >= 0)
                            || (alternative is not null && Array.TrueForAll(alternative, a => Array.BinarySearch(vector.TermIds, a) >= 0)))
                        {
                            matched += weight;
                        }
                    }

                    coverage = Math.Max(coverage, matched / totalIdf);
                }
            }

            return new SearchOutcome(hits, deniedIds, coverage);
        }
        finally
        {
            _lock.ExitReadLock();
            if (scores is not null)
            {
                ArrayPool<float>.Shared.Return(scores);
            }

            if (touched is not null)
            {
                ArrayPool<int>.Shared.Return(touched);
            }

            if (bitmap is not null)
            {
                ArrayPool<ulong>.Shared.Return(bitmap);
            }
        }
    }

    private static float Idf(int n, int df) => (float)Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));

    private (Dictionary<string, int> Terms, int Length) AnalyzeChunk(DocumentChunk chunk)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        int length = 0;
        void Add(ReadOnlySpan<char> term)
        {
            length++;
            lookup[term] = lookup.TryGetValue(term, out int c) ? c + 1 : 1;
        }

        if (_options.IndexTitleAndSection)
        {
            if (chunk.Title is not null)
            {
                _analyzer.Analyze(chunk.Title, Add);
            }

            if (chunk.SectionPath is not null)
            {
                _analyzer.Analyze(chunk.SectionPath, Add);
            }
        }

        _analyzer.Analyze(chunk.Text, Add);
        return (counts, length);
    }

    private int AddLocked(DocumentChunk chunk, Dictionary<string, int> terms, int length)
    {
        int slot = _slotCount++;
        if (slot >= _chunks.Length)
        {
            int size = _chunks.Length * 2;
            Array.Resize(ref _chunks, size);
            Array.Resize(ref _lengths, size);
            Array.Resize(ref _vectors, size);
        }

        var termIds = new int[terms.Count];
        var freqs = new int[terms.Count];
        int i = 0;
        foreach (KeyValuePair<string, int> term in terms)
        {
            if (!_termIds.TryGetValue(term.Key, out int termId))
            {
                termId = _postings.Count;
                _termIds[term.Key] = termId;
                _postings.Add(new Postings());
            }

            termIds[i] = termId;
            freqs[i] = term.Value;
            i++;
        }

        Array.Sort(termIds, freqs);
        for (int t = 0; t < termIds.Length; t++)
        {
            _postings[termIds[t]].Append(slot, freqs[t]);
        }

        _chunks[slot] = chunk;
        _lengths[slot] = length;
        _vectors[slot] = new TermVector(termIds, freqs);
        _acl.Add(slot, chunk.AllowedPrincipals);
        _liveCount++;
        _totalLength += length;
        return slot;
    }

    private bool RemoveLocked(string documentId)
    {
        if (!_documents.Remove(documentId, out var entry))
        {
            return false;
        }

        foreach (int slot in entry.Slots)
        {
            DocumentChunk chunk = _chunks[slot]!;
            _acl.Remove(slot, chunk.AllowedPrincipals);
            foreach (int termId in _vectors[slot].TermIds)
            {
                _postings[termId].LiveDf--;
            }

            _totalLength -= _lengths[slot];
            _lengths[slot] = -1;
            _chunks[slot] = null;
            _vectors[slot] = default;
            _liveCount--;
        }

        return true;
    }

    private void CompactIfNeededLocked()
    {
        int dead = _slotCount - _liveCount;
        if (dead < 1024 || dead < _slotCount / 4)
        {
            return;
        }

        int[] map = new int[_slotCount];
        int next = 0;
        for (int slot = 0; slot < _slotCount; slot++)
        {
            map[slot] = _lengths[slot] < 0 ? -1 : next++;
        }

        foreach (Postings postings in _postings)
        {
            postings.Remap(map, _lengths);
        }

        var acl = new AclPostings();
        var chunks = new DocumentChunk?[Math.Max(64, next * 2)];
        var lengths = new int[chunks.Length];
        var vectors = new TermVector[chunks.Length];
        for (int slot = 0; slot < _slotCount; slot++)
        {
            int target = map[slot];
            if (target < 0)
            {
                continue;
            }

            chunks[target] = _chunks[slot];
            lengths[target] = _lengths[slot];
            vectors[target] = _vectors[slot];
            acl.Add(target, _chunks[slot]!.AllowedPrincipals);
        }

        foreach (string id in _documents.Keys.ToArray())
        {
            (string hash, int[] slots) = _documents[id];
            for (int i = 0; i < slots.Length; i++)
            {
                slots[i] = map[slots[i]];
            }

            _documents[id] = (hash, slots);
        }

        _chunks = chunks;
        _lengths = lengths;
        _vectors = vectors;
        _acl = acl;
        _slotCount = next;
    }

    private T Read<T>(Func<InMemoryBm25Index, T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read(this);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private readonly record struct TermVector(int[] TermIds, int[] Freqs);

    private sealed record SearchOutcome(ScoredChunk[] Hits, string[] DeniedIds, double BestCoverage)
    {
        public static readonly SearchOutcome Empty = new([], [], 0);

        public int DeniedCount => DeniedIds.Length;
    }

    private sealed class Postings
    {
        public int[] Slots = new int[2];
        public int[] Freqs = new int[2];
        public int Count;
        public int LiveDf;

        public void Append(int slot, int freq)
        {
            if (Count == Slots.Length)
            {
                Array.Resize(ref Slots, Count * 2);
                Array.Resize(ref Freqs, Count * 2);
            }

            Slots[Count] = slot;
            Freqs[Count] = freq;
            Count++;
            LiveDf++;
        }

        public void Remap(int[] map, int[] oldLengths)
        {
            int w = 0;
            for (int r = 0; r < Count; r++)
            {
                int slot = Slots[r];
                if (oldLengths[slot] < 0)
                {
                    continue;
                }

                Slots[w] = map[slot];
                Freqs[w] = Freqs[r];
                w++;
            }

            Count = w;
        }
    }
}
