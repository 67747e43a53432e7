using TicketTriage.Classifier;

namespace TicketTriage.Training;

/// <summary>Multinomial logistic regression trained example by example with AdaGrad (sparse-friendly).</summary>
internal sealed class Trainer
{
    private const float L2 = 1e-6f;
    private readonly int _classes;
    private readonly int _dense;
    private readonly int _row;
    private readonly float _scale;
    private readonly float _rate;
    private readonly float[] _w;
    private readonly float[] _g;
    private readonly float[] _b;
    private readonly float[] _gb;

    public Trainer(int classes, int dense, int sparse, float scale, float rate)
    {
        _classes = classes;
        _dense = dense;
        _row = dense + sparse;
        _scale = scale;
        _rate = rate;
        _w = new float[classes * _row];
        _g = new float[classes * _row];
        _b = new float[classes];
        _gb = new float[classes];
    }

    public void Epoch((float[] Dense, (int[] Indices, float[] Values) Sparse, int Label)[] examples, Random random)
    {
        int[] order = Enumerable.Range(0, examples.Length).ToArray();
        random.Shuffle(order);
        float[] p = new float[_classes];
        foreach (int e in order)
        {
            (float[] dense, (int[] idx, float[] val), int label) = examples[e];
            for (int c = 0; c < _classes; c++)
            {
                int o = c * _row;
                float dot = System.Numerics.Tensors.TensorPrimitives.Dot(_w.AsSpan(o, _dense), dense) * _scale;
                for (int k = 0; k < idx.Length; k++)
                {
                    dot += _w[o + _dense + idx[k]] * val[k];
                }

                p[c] = dot + _b[c];
            }

            System.Numerics.Tensors.TensorPrimitives.SoftMax(p, p);
            for (int c = 0; c < _classes; c++)
            {
                float grad = p[c] - (c == label ? 1f : 0f);
                int o = c * _row;
                for (int j = 0; j < _dense; j++)
                {
                    Update(o + j, grad * dense[j] * _scale);
                }

                for (int k = 0; k < idx.Length; k++)
                {
                    Update(o + _dense + idx[k], grad * val[k]);
                }

                _gb[c] += grad * grad;
                _b[c] -= _rate * grad / MathF.Sqrt(_gb[c] + 1e-8f);
            }
        }
    }

    public LinearHead ToHead(string[] classes) =>
        new(classes, _dense, _row - _dense, _scale, (float[])_w.Clone(), (float[])_b.Clone());

    private void Update(int i, float gradient)
    {
        float g = gradient + (L2 * _w[i]);
        _g[i] += g * g;
        _w[i] -= _rate * g / MathF.Sqrt(_g[i] + 1e-8f);
    }
}
