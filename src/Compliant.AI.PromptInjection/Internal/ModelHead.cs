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
        if (count == 0)
        {
            return 1 / (1 + Math.Exp(-Bias));
        }

        double z = Bias + (sum.Total / Math.Sqrt(count));
        return 1 / (1 + Math.Exp(-z));
    }

    private struct WeightSum(float[] weights) : IFeatureVisitor
    {
        public double Total;

        public void Visit(int bucket) => Total += weights[bucket];
    }
}
