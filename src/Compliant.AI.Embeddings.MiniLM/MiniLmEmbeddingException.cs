namespace Compliant.AI;

/// <summary>Thrown when the MiniLM model cannot be loaded or an inference call fails.</summary>
/// <remarks>The message names the step that failed; it never contains the texts being embedded.</remarks>
public class MiniLmEmbeddingException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="MiniLmEmbeddingException"/> class.</summary>
    public MiniLmEmbeddingException()
        : base("The MiniLM embedding model failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MiniLmEmbeddingException"/> class.</summary>
    /// <param name="message">A message that contains no input text.</param>
    public MiniLmEmbeddingException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MiniLmEmbeddingException"/> class.</summary>
    /// <param name="message">A message that contains no input text.</param>
    /// <param name="innerException">The cause. ONNX Runtime's own exception is kept here; its message may quote tensor shapes, never text.</param>
    public MiniLmEmbeddingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
