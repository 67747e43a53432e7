using System.Text;

namespace TicketTriage.Classifier;

/// <summary>
/// A trained multinomial logistic-regression head over [MiniLM embedding · dense scale, hashed lexical features]:
/// the weights the trainer in eng/train-triage writes and the sample loads from its embedded resource.
/// </summary>
/// <remarks>Immutable after loading; thread-safe.</remarks>
internal sealed class LinearHead
{
    private const string Magic = "CAI-TRIAGE-HEAD-1";

    public LinearHead(string[] classes, int denseDimensions, int sparseDimensions, float denseScale, float[] weights, float[] bias)
    {
        if (weights.Length != classes.Length * (denseDimensions + sparseDimensions) || bias.Length != classes.Length)
        {
            throw new InvalidDataException("The classifier weights do not match their declared shape.");
        }

        Classes = classes;
        DenseDimensions = denseDimensions;
        SparseDimensions = sparseDimensions;
        DenseScale = denseScale;
        Weights = weights;
        Bias = bias;
    }

    /// <summary>Gets the class names, in weight-row order.</summary>
    public string[] Classes { get; }

    public int DenseDimensions { get; }

    public int SparseDimensions { get; }

    /// <summary>Gets the factor the embedding is multiplied by before the head sees it.</summary>
    public float DenseScale { get; }

    /// <summary>Gets the weights, row-major: one row of <c>DenseDimensions + SparseDimensions</c> per class.</summary>
    public float[] Weights { get; }

    public float[] Bias { get; }

    private int RowLength => DenseDimensions + SparseDimensions;

    /// <summary>Writes the class probabilities of one example into <paramref name="probabilities"/>.</summary>
    public void Predict(ReadOnlySpan<float> embedding, int[] sparseIndices, float[] sparseValues, Span<float> probabilities)
    {
        int classes = Classes.Length;
        for (int c = 0; c < classes; c++)
        {
            ReadOnlySpan<float> row = Weights.AsSpan(c * RowLength, RowLength);
            float dot = System.Numerics.Tensors.TensorPrimitives.Dot(row[..DenseDimensions], embedding) * DenseScale;
            ReadOnlySpan<float> sparseRow = row[DenseDimensions..];
            for (int i = 0; i < sparseIndices.Length; i++)
            {
                dot += sparseRow[sparseIndices[i]] * sparseValues[i];
            }

            probabilities[c] = dot + Bias[c];
        }

        System.Numerics.Tensors.TensorPrimitives.SoftMax(probabilities[..classes], probabilities[..classes]);
    }

    /// <summary>Reads a head written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a classifier head of this format.</exception>
    public static LinearHead Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException("The stream is not a ticket classifier head.");
            }

            int classCount = reader.ReadInt32();
            int dense = reader.ReadInt32();
            int sparse = reader.ReadInt32();
            float denseScale = reader.ReadSingle();
            if (classCount is < 2 or > 10_000 || dense is < 0 or > 100_000 || sparse is < 0 or > 10_000_000)
            {
                throw new InvalidDataException("The classifier head declares an impossible shape.");
            }

            string[] classes = new string[classCount];
            for (int i = 0; i < classCount; i++)
            {
                classes[i] = reader.ReadString();
            }

            float[] bias = new float[classCount];
            for (int i = 0; i < classCount; i++)
            {
                bias[i] = reader.ReadSingle();
            }

            // Weights are stored as half precision: the head is about half the size and loses no measurable accuracy.
            float[] weights = new float[classCount * (dense + sparse)];
            byte[] buffer = reader.ReadBytes(weights.Length * 2);
            if (buffer.Length != weights.Length * 2)
            {
                throw new InvalidDataException("The classifier head is truncated.");
            }

            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = (float)BitConverter.ToHalf(buffer, i * 2);
            }

            return new LinearHead(classes, dense, sparse, denseScale, weights, bias);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The classifier head is truncated.", ex);
        }
    }

    /// <summary>Writes the head (used by the trainer).</summary>
    public void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Classes.Length);
        writer.Write(DenseDimensions);
        writer.Write(SparseDimensions);
        writer.Write(DenseScale);
        foreach (string c in Classes)
        {
            writer.Write(c);
        }

        foreach (float b in Bias)
        {
            writer.Write(b);
        }

        byte[] buffer = new byte[Weights.Length * 2];
        for (int i = 0; i < Weights.Length; i++)
        {
            BitConverter.TryWriteBytes(buffer.AsSpan(i * 2), (Half)Weights[i]);
        }

        writer.Write(buffer);
    }
}
