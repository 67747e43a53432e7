using Compliant.AI.PromptInjection.Internal;

namespace Compliant.AI.PromptInjection.Training;

/// <summary>Logistic regression with AdaGrad and L2 over the detector's own hashed features; classes weighted to balance.</summary>
internal static class Trainer
{
    private const int Epochs = 16;
    private const double LearningRate = 0.5;
    private const double L2 = 1e-5;

    public static ModelHead Train(IReadOnlyList<Example> examples)
    {
        var weights = new double[InjectionFeatures.Buckets];
        var squares = new double[InjectionFeatures.Buckets];
        double bias = 0;
        double biasSquares = 0;
        int positives = examples.Count(e => e.Label == 1);
        double positiveWeight = examples.Count / (2.0 * Math.Max(1, positives));
        double negativeWeight = examples.Count / (2.0 * Math.Max(1, examples.Count - positives));
        var random = new Random(20261206);
        int[] order = Enumerable.Range(0, examples.Count).ToArray();
        var buckets = new List<int>();
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (int index in order)
            {
                Example e = examples[index];
                buckets.Clear();
                var collect = new Collect(buckets);
                int count = InjectionFeatures.Visit(e.FoldedText, ref collect);
                double scale = count == 0 ? 0 : 1 / Math.Sqrt(count);
                double z = bias;
                foreach (int b in buckets)
                {
                    z += weights[b] * scale;
                }

                double p = 1 / (1 + Math.Exp(-z));
                double g = (p - e.Label) * (e.Label == 1 ? positiveWeight : negativeWeight);
                foreach (int b in buckets)
                {
                    double grad = (g * scale) + (L2 * weights[b]);
                    squares[b] += grad * grad;
                    weights[b] -= LearningRate * grad / (Math.Sqrt(squares[b]) + 1e-8);
                }

                biasSquares += g * g;
                bias -= LearningRate * g / (Math.Sqrt(biasSquares) + 1e-8);
            }
        }

        return new ModelHead((float)bias, weights.Select(w => (float)w).ToArray());
    }

    private readonly struct Collect(List<int> buckets) : IFeatureVisitor
    {
        public void Visit(int bucket) => buckets.Add(bucket);
    }
}
