namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Turns street-address anchors into LOCATION entities: each anchor grown by <see cref="AddressBlock"/>, anchors that
/// fall inside or right after a block merged into it (one address, one entity), and a block's score raised by the
/// address parts it gathered. Afterwards, a place found inside a block is dropped in favour of the block.
/// </summary>
internal static class AddressAssembler
{
    /// <summary>
    /// Street-address anchors grown into whole postal addresses (<see cref="AddressBlock"/>); anchors inside or right
    /// after a block join it, so one address gives one entity. An anchor with a house number and at least one more
    /// address part (unit, city, region, postal code, country) is strong evidence.
    /// </summary>
    public static void AddBlocks(string text, List<AddressAnchor> anchors, List<PiiEntity> results, string recognizer)
    {
        anchors.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        int i = 0;
        while (i < anchors.Count)
        {
            (int anchorStart, int anchorEnd, double score, string pattern) = anchors[i];
            (int start, int end, int parts) = AddressBlock.Extend(text, anchorStart, anchorEnd);
            i++;
            while (i < anchors.Count && anchors[i].Start <= end + 2)
            {
                score = Math.Max(score, anchors[i].Score);
                if (anchors[i].End > end)
                {
                    (_, end, int more) = AddressBlock.Extend(text, anchors[i].Start, anchors[i].End);
                    parts += more + 1;
                }

                i++;
            }

            double blockScore = parts switch
            {
                0 when start < anchorStart => Math.Max(score, 0.7),
                0 => score,
                1 => Math.Max(score, 0.85),
                _ => 1.0,
            };
            results.Add(Candidate.Create(PiiEntityTypes.Location, start, end, blockScore, recognizer, parts > 0 ? pattern + "_block" : pattern));
        }
    }

    /// <summary>A city or country inside an address block is part of that address: keep only the block.</summary>
    public static List<PiiEntity> WithoutPartsOfBlocks(List<PiiEntity> results)
    {
        List<PiiEntity>? blocks = null;
        foreach (PiiEntity e in results)
        {
            if (e.Explanation?.Pattern?.EndsWith("_block", StringComparison.Ordinal) == true)
            {
                (blocks ??= []).Add(e);
            }
        }

        if (blocks is null)
        {
            return results;
        }

        // Blocks come out of AddBlocks in start order and never overlap: a binary search finds the one that could contain e.
        return results.FindAll(e =>
        {
            int lo = 0, hi = blocks.Count - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                if (blocks[mid].Start <= e.Start)
                {
                    found = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return found < 0 || e.End > blocks[found].End || blocks[found].Length == e.Length;
        });
    }
}
