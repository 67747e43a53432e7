namespace Compliant.AI.Retrieval.Internal;

/// <summary>
/// Principal → chunk-slot postings, used to compute the set of slots a caller may read as a bitmap before scoring
/// (the access-control pre-filter). Not thread-safe: callers synchronize.
/// </summary>
/// <remarks>
/// <see cref="PrincipalNames.Everyone"/> is kept as a bitmap of its own (it usually covers most chunks); every other
/// principal has a hash set of slots, so removal is O(1) and a caller's bitmap costs the sum of the postings of the
/// principals the caller holds — independent of how many groups exist in the index.
/// </remarks>
internal sealed class AclPostings
{
    private readonly Dictionary<string, HashSet<int>> _byPrincipal = new(StringComparer.Ordinal);
    private ulong[] _everyone = new ulong[16];

    public int PrincipalCount => _byPrincipal.Count;

    public void Add(int slot, IReadOnlyList<string> acl)
    {
        for (int i = 0; i < acl.Count; i++)
        {
            string principal = acl[i];
            if (string.Equals(principal, PrincipalNames.Everyone, StringComparison.Ordinal))
            {
                EnsureCapacity(slot);
                _everyone[slot >> 6] |= 1UL << slot;
                continue;
            }

            if (!_byPrincipal.TryGetValue(principal, out HashSet<int>? slots))
            {
                slots = [];
                _byPrincipal[principal] = slots;
            }

            slots.Add(slot);
        }
    }

    public void Remove(int slot, IReadOnlyList<string> acl)
    {
        for (int i = 0; i < acl.Count; i++)
        {
            string principal = acl[i];
            if (string.Equals(principal, PrincipalNames.Everyone, StringComparison.Ordinal))
            {
                if ((slot >> 6) < _everyone.Length)
                {
                    _everyone[slot >> 6] &= ~(1UL << slot);
                }

                continue;
            }

            if (_byPrincipal.TryGetValue(principal, out HashSet<int>? slots) && slots.Remove(slot) && slots.Count == 0)
            {
                _byPrincipal.Remove(principal);
            }
        }
    }

    /// <summary>Sets in <paramref name="bitmap"/> (cleared first) the bit of every slot readable by <paramref name="principals"/>.</summary>
    public void Fill(IReadOnlySet<string> principals, Span<ulong> bitmap)
    {
        bitmap.Clear();
        if (principals.Contains(PrincipalNames.Everyone))
        {
            int words = Math.Min(bitmap.Length, _everyone.Length);
            _everyone.AsSpan(0, words).CopyTo(bitmap);
        }

        if (_byPrincipal.Count == 0)
        {
            return;
        }

        foreach (string principal in principals)
        {
            if (_byPrincipal.TryGetValue(principal, out HashSet<int>? slots))
            {
                foreach (int slot in slots)
                {
                    bitmap[slot >> 6] |= 1UL << slot;
                }
            }
        }
    }

    private void EnsureCapacity(int slot)
    {
        int word = slot >> 6;
        if (word >= _everyone.Length)
        {
            Array.Resize(ref _everyone, Math.Max(word + 1, _everyone.Length * 2));
        }
    }
}
