namespace Compliant.AI.Text;

/// <summary>The 64-bit FNV-1a hash the text kit uses to compare terms without allocating strings.</summary>
/// <remarks>Deterministic across processes and runtimes (unlike <see cref="string.GetHashCode()"/>); collisions are possible in theory and harmless for lexical overlap.</remarks>
internal static class TermHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>Returns the hash of <paramref name="term"/>.</summary>
    public static ulong Of(ReadOnlySpan<char> term)
    {
        ulong hash = OffsetBasis;
        foreach (char c in term)
        {
            hash ^= c;
            hash *= Prime;
        }

        return hash;
    }
}
