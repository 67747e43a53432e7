using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options for <see cref="InMemoryBm25Index"/>: the BM25 parameters and the evidence threshold.</summary>
public sealed class Bm25Options
{
    /// <summary>Gets or sets BM25's term-frequency saturation <c>k1</c>.</summary>
    /// <value>The default is 1.2, Lucene's and Elasticsearch's (the BEIR BM25 baseline's); see docs/retrieval.md, "Quality".</value>
    [Range(0.0, 10.0)]
    public double K1 { get; set; } = 1.2;

    /// <summary>Gets or sets BM25's length normalization <c>b</c> (0 = none, 1 = full).</summary>
    /// <value>The default is 0.75, Lucene's and Elasticsearch's (the BEIR BM25 baseline's).</value>
    [Range(0.0, 1.0)]
    public double B { get; set; } = 0.75;

    /// <summary>
    /// Gets or sets the share of the question's content weight (IDF) one of the top <see cref="EvidenceDepth"/> passages
    /// must contain for <see cref="RetrievalResult.HasEvidence"/> to be true.
    /// </summary>
    /// <value>The default is 0.5, calibrated on the real-documents development set (see docs/grounding.md, "Evidence gate").</value>
    /// <remarks>
    /// The content of a question is what is left after placeholders, e-mail addresses, identifier-shaped numbers and (with
    /// <see cref="IgnoreQuestionWords"/>) question words are taken out. Content words the index has never seen count with
    /// <see cref="UnknownTermWeight"/> of the highest IDF, so a question about something the corpus does not mention has
    /// low coverage and yields "no evidence", while one unseen word does not veto an otherwise well-covered question.
    /// </remarks>
    [Range(0.0, 1.0)]
    public double MinimumTermCoverage { get; set; } = 0.5;

    /// <summary>Gets or sets the weight of a query word the index has never seen, as a share of the highest IDF.</summary>
    /// <value>The default is 0.5: an unseen word weighs about as much as a rare word the corpus has.</value>
    /// <remarks>1 treats every unseen word as the rarest possible term (one typo or name then vetoes); 0 ignores unseen words.</remarks>
    [Range(0.0, 1.0)]
    public double UnknownTermWeight { get; set; } = 0.5;

    /// <summary>Gets or sets how many of the top passages the evidence figure is measured on (the best-covered one counts).</summary>
    /// <value>The default is 3.</value>
    [Range(1, 100)]
    public int EvidenceDepth { get; set; } = 3;

    /// <summary>
    /// Gets or sets a value indicating whether question and pronoun words ("how", "what", "do", "we", "can", "need") and
    /// the measure of "how long/many/much/often/soon" are left out of the query.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool IgnoreQuestionWords { get; set; } = true;

    /// <summary>
    /// Gets the query vocabulary: a word people use (the key, one word) mapped to the phrase the documents use for it
    /// (the value), for example <c>patient</c> → <c>individual</c> or <c>police</c> → <c>law enforcement</c>.
    /// </summary>
    /// <value>The default is empty. Keys are compared after analysis (case-insensitive, stemmed).</value>
    /// <remarks>
    /// A question word with an entry counts as covered by a passage that holds the word or every word of its phrase, and
    /// the phrase's words also score, at half the weight of the question's own words. The phrase is used only when every
    /// word of it is in the index. Keep it small and general (the register gap between readers and the documents), not a
    /// list of one question's words; semantic retrieval (MiniLM, hybrid) closes the same gap without a list.
    /// </remarks>
    public IDictionary<string, string> QueryVocabulary { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the BM25 score the best passage must reach for <see cref="RetrievalResult.HasEvidence"/>.</summary>
    /// <value>The default is 0 (only <see cref="MinimumTermCoverage"/> applies).</value>
    [Range(0.0, double.MaxValue)]
    public double MinimumScore { get; set; }

    /// <summary>Gets or sets a value indicating whether the title and section path are indexed with each chunk's text.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool IndexTitleAndSection { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether chunks the caller may not read are scored (never returned) so that
    /// <see cref="RetrievalResult.DeniedCount"/> can tell how many would have ranked.
    /// </summary>
    /// <value>The default is <see langword="true"/>. When <see langword="false"/>, unreadable chunks are skipped while
    /// scoring and <see cref="RetrievalResult.DeniedCount"/> is always 0.</value>
    public bool CountDenied { get; set; } = true;

    /// <summary>
    /// Gets or sets how many following chunks of the same document each passage returned by
    /// <see cref="InMemoryBm25Index.RetrieveAsync"/> also carries (small-to-big retrieval): chunks are scored as they are,
    /// but the model and the grounding check see the hit's text joined with the next chunks', so an answer that sits just
    /// past a chunk boundary ("(b) Timeliness of notification." ending one chunk, the deadline starting the next) still
    /// reaches them.
    /// </summary>
    /// <value>The default is 0 (a passage is its chunk). A following chunk is joined only when the caller may read it and
    /// it is not itself among the returned passages; the overlap between neighbouring chunks is not repeated. Scores,
    /// evidence and <see cref="InMemoryBm25Index.Search"/> are unchanged.</value>
    [Range(0, 8)]
    public int FollowingChunks { get; set; }
}
