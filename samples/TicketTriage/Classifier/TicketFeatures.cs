using System.Globalization;
using System.Text;

namespace TicketTriage.Classifier;

/// <summary>
/// The sparse lexical half of the classifier's features: hashed word unigrams and bigrams and character 3-5-grams of
/// the lower-cased text, each block L2-normalized. Shared verbatim by the trainer (eng/train-triage), so the shipped
/// weights and the features they are applied to can never drift apart.
/// </summary>
internal static class TicketFeatures
{
    /// <summary>The number of hashed buckets (a power of two).</summary>
    public const int HashedDimensions = 1 << 15;

    /// <summary>The weight of the word block against the character block.</summary>
    private const float WordWeight = 0.8f;

    private const float CharWeight = 0.6f;

    /// <summary>Returns the hashed features of <paramref name="text"/> as sorted (index, value) pairs.</summary>
    public static (int[] Indices, float[] Values) Extract(string text)
    {
        string normalized = Normalize(text);
        var word = new Dictionary<int, float>();
        var chars = new Dictionary<int, float>();

        string[] tokens = Tokenize(normalized);
        for (int i = 0; i < tokens.Length; i++)
        {
            Add(word, "w:" + tokens[i]);
            if (i + 1 < tokens.Length)
            {
                Add(word, "b:" + tokens[i] + " " + tokens[i + 1]);
            }
        }

        string padded = " " + string.Join(' ', tokens) + " ";
        for (int n = 3; n <= 5; n++)
        {
            for (int i = 0; i + n <= padded.Length; i++)
            {
                Add(chars, padded.Substring(i, n));
            }
        }

        var merged = new Dictionary<int, float>();
        Merge(merged, word, WordWeight);
        Merge(merged, chars, CharWeight);
        int[] indices = merged.Keys.ToArray();
        Array.Sort(indices);
        float[] values = new float[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            values[i] = merged[indices[i]];
        }

        return (indices, values);
    }

    private static string Normalize(string text) => text.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);

    private static string[] Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
            else
            {
                if (current.Length > 0)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                }

                if (c is '?' or '!' or '$' or '£' or '€')
                {
                    tokens.Add(c.ToString());
                }
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens.ToArray();
    }

    private static void Add(Dictionary<int, float> counts, string feature)
    {
        // FNV-1a over the UTF-16 code units: stable across processes and platforms (string.GetHashCode is not).
        uint hash = 2166136261;
        foreach (char c in feature)
        {
            hash = (hash ^ c) * 16777619;
        }

        int index = (int)(hash & (HashedDimensions - 1));
        counts[index] = counts.GetValueOrDefault(index) + 1f;
    }

    private static void Merge(Dictionary<int, float> target, Dictionary<int, float> block, float weight)
    {
        // Sub-linear term frequency, then L2 normalization of the block.
        double norm = 0;
        foreach (float v in block.Values)
        {
            double s = 1 + Math.Log(v);
            norm += s * s;
        }

        if (norm == 0)
        {
            return;
        }

        float scale = (float)(weight / Math.Sqrt(norm));
        foreach ((int index, float v) in block)
        {
            target[index] = target.GetValueOrDefault(index) + (float)((1 + Math.Log(v)) * scale);
        }
    }
}
