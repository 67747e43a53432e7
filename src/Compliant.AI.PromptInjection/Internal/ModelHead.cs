using System.Runtime.CompilerServices;

namespace Compliant.AI.PromptInjection.Internal;

/// <summary>One logistic-regression head: a bias and one weight per feature bucket.</summary>
internal sealed class ModelHead(float bias, float[] weights)
{
    public float Bias { get; } = bias;

    public float[] Weights { get; } = weights;

    /// <summary>Returns the probability that <paramref name="folded"/> is an injection.</summary>
    public double Probability(ReadOnlySpan<char> folded)
    {
        var sum = new WeightSum(Weights);
        int count = InjectionFeatures.Visit(folded, ref sum);
        sum.Flush();
        if (count == 0)
        {
            return 1 / (1 + Math.Exp(-Bias));
        }

        double z = Bias + (sum.Total / Math.Sqrt(count));
        return 1 / (1 + Math.Exp(-z));
    }

    // The weight table is larger than the core's cache, so each lookup can miss. The buckets are collected in batches and
    // the batch is summed in a separate tight loop: its loads do not depend on each other, so the processor overlaps the
    // misses. The additions keep the feature order, so the sum is the same double as adding one feature at a time.
    private struct WeightSum(float[] weights) : IFeatureVisitor
    {
        public double Total;
        private BucketBatch _batch;
        private int _pending;

        public void Visit(int bucket)
        {
            _batch[_pending++] = bucket;
            if (_pending == BucketBatch.Size)
            {
                Flush();
            }
        }

        public void Flush()
        {
            double total = Total;
            ReadOnlySpan<int> pending = ((ReadOnlySpan<int>)_batch)[.._pending];
            float[] table = weights;
            foreach (int bucket in pending)
            {
                total += table[bucket];
            }

            Total = total;
            _pending = 0;
        }
    }

    [InlineArray(Size)]
    private struct BucketBatch
    {
        public const int Size = 64;
        private int _first;
    }
}
