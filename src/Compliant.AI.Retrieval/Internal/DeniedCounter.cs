namespace Compliant.AI.Retrieval.Internal;

/// <summary>Counts how many denied candidates would have ranked among the returned results without access control.</summary>
internal static class DeniedCounter
{
    public static int Count((int Id, float Score)[] allowed, (int Id, float Score)[] denied, int k)
    {
        // Merge both best-first lists; count denied entries among the first k.
        int a = 0, d = 0, count = 0;
        for (int taken = 0; taken < k && (a < allowed.Length || d < denied.Length); taken++)
        {
            bool takeDenied = a >= allowed.Length || (d < denied.Length && denied[d].Score > allowed[a].Score);
            if (takeDenied)
            {
                d++;
                count++;
            }
            else
            {
                a++;
            }
        }

        return count;
    }

    /// <summary>The ids of the denied chunks that would have ranked among the first <paramref name="k"/>: the best <see cref="Count"/> denied entries.</summary>
    public static string[] Ids((int Id, float Score)[] allowed, (int Id, float Score)[] denied, int k, DocumentChunk?[] chunks)
    {
        int count = Count(allowed, denied, k);
        if (count == 0)
        {
            return [];
        }

        var ids = new string[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = chunks[denied[i].Id]!.Id;
        }

        return ids;
    }
}
