namespace Compliant.AI.Pii.Internal;

/// <summary>Word-set look-ups by span, so recognizers test a token without allocating a string for it.</summary>
internal static class SpanSetExtensions
{
    /// <summary>Whether the set holds <paramref name="word"/> (the set's comparer must be ordinal or ordinal-ignore-case).</summary>
    public static bool ContainsSpan(this HashSet<string> set, ReadOnlySpan<char> word) =>
        set.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
}
