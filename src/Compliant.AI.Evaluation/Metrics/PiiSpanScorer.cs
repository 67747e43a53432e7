using System.Text.RegularExpressions;

namespace Compliant.AI;

/// <summary>
/// Token-level precision, recall and F2 of a PII detector per entity type and overall, as presidio-research measures
/// them: the text is split into tokens (runs of letters and digits); a token is annotated with the type of the first
/// gold span that overlaps it and predicted with the type of the first detected entity that overlaps it.
/// </summary>
/// <remarks>
/// <para>Per type: a token whose gold and predicted types agree is a true positive of that type; otherwise a predicted
/// type counts a false positive of that type and a gold type a false negative of its type. Tokens annotated with
/// <see cref="Ignore"/> (types the detector does not target) are skipped.</para>
/// <para>The <see cref="AnyType"/> view ignores types (the redaction view: was the token hidden at all?).</para>
/// <para>Not thread-safe: use one scorer per thread and add the counts.</para>
/// </remarks>
public sealed partial class PiiSpanScorer
{
    /// <summary>The gold type that marks a span as not scored.</summary>
    public const string Ignore = "IGNORE";

    private readonly SortedDictionary<string, DetectionCounts> _byType = new(StringComparer.Ordinal);

    /// <summary>Gets the counts per entity type (gold or predicted), ordered by type name.</summary>
    public IReadOnlyDictionary<string, DetectionCounts> ByType => _byType;

    /// <summary>Gets the counts over every type (micro average): the sum of <see cref="ByType"/>.</summary>
    public DetectionCounts Overall => _byType.Values.Aggregate(default(DetectionCounts), static (sum, c) => sum + c);

    /// <summary>Gets the type-agnostic counts: a token is a true positive when it is both annotated and detected, whatever the types.</summary>
    public DetectionCounts AnyType { get; private set; }

    /// <summary>Scores one text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="gold">The annotated spans, with types already mapped to the detector's names.</param>
    /// <param name="predicted">What the detector found.</param>
    public void Add(string text, IEnumerable<PiiGoldSpan> gold, IEnumerable<PiiEntity> predicted)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        List<PiiGoldSpan> goldSpans = [.. gold];
        List<PiiEntity> found = [.. predicted];
        foreach (ValueMatch token in Token().EnumerateMatches(text))
        {
            int s = token.Index, e = token.Index + token.Length;
            string? g = goldSpans.FirstOrDefault(x => x.Start < e && s < x.End)?.Type;
            string? p = found.FirstOrDefault(x => x.Start < e && s < x.End)?.Type;
            if (g == Ignore)
            {
                continue;
            }

            if (g is not null || p is not null)
            {
                AnyType += new DetectionCounts(g is not null && p is not null ? 1 : 0, g is null ? 1 : 0, p is null ? 1 : 0);
            }

            if (g is not null && string.Equals(g, p, StringComparison.Ordinal))
            {
                Bump(g, new DetectionCounts(1, 0, 0));
                continue;
            }

            if (p is not null)
            {
                Bump(p, new DetectionCounts(0, 1, 0));
            }

            if (g is not null)
            {
                Bump(g, new DetectionCounts(0, 0, 1));
            }
        }
    }

    private void Bump(string type, DetectionCounts counts) =>
        _byType[type] = _byType.TryGetValue(type, out DetectionCounts c) ? c + counts : counts;

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
