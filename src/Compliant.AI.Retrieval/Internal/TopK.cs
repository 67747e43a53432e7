namespace Compliant.AI.Retrieval.Internal;

/// <summary>Keeps the <c>k</c> best (score, id) pairs seen so far in a fixed-size min-heap; no allocation after construction.</summary>
/// <remarks>Ties are broken by the lower id so results are deterministic.</remarks>
internal sealed class TopK
{
    private readonly float[] _scores;
    private readonly int[] _ids;

    public TopK(int capacity)
    {
        Capacity = Math.Max(1, capacity);
        _scores = new float[Capacity];
        _ids = new int[Capacity];
    }

    public int Capacity { get; }

    public int Count { get; private set; }

    /// <summary>Gets the smallest score kept, or negative infinity while not full.</summary>
    public float Threshold => Count < Capacity ? float.NegativeInfinity : _scores[0];

    public void Clear() => Count = 0;

    public void Add(int id, float score)
    {
        if (Count < Capacity)
        {
            int i = Count++;
            _scores[i] = score;
            _ids[i] = id;
            SiftUp(i);
            return;
        }

        if (!Better(score, id, _scores[0], _ids[0]))
        {
            return;
        }

        _scores[0] = score;
        _ids[0] = id;
        SiftDown(0);
    }

    /// <summary>Returns the kept pairs, best first.</summary>
    public (int Id, float Score)[] ToSortedArray()
    {
        var result = new (int Id, float Score)[Count];
        for (int i = 0; i < Count; i++)
        {
            result[i] = (_ids[i], _scores[i]);
        }

        Array.Sort(result, static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Id.CompareTo(b.Id));
        return result;
    }

    // "a is better than b": higher score, or equal score and lower id.
    private static bool Better(float scoreA, int idA, float scoreB, int idB) => scoreA > scoreB || (scoreA == scoreB && idA < idB);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Better(_scores[parent], _ids[parent], _scores[i], _ids[i]))
            {
                break;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int left = (2 * i) + 1;
            if (left >= Count)
            {
                return;
            }

            int worst = left;
            int right = left + 1;
            if (right < Count && Better(_scores[left], _ids[left], _scores[right], _ids[right]))
            {
                worst = right;
            }

            if (!Better(_scores[i], _ids[i], _scores[worst], _ids[worst]))
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_ids[a], _ids[b]) = (_ids[b], _ids[a]);
    }
}
