namespace Compliant.AI;

/// <summary>A suite file or one of its datasets is malformed or missing (the <c>compliant eval</c> exit code 2).</summary>
/// <remarks>Messages name files, line numbers and fields, never the content of a line, which may hold personal data.</remarks>
public sealed class EvaluationSuiteException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="EvaluationSuiteException"/> class.</summary>
    public EvaluationSuiteException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EvaluationSuiteException"/> class.</summary>
    /// <param name="message">What is wrong, without data content.</param>
    public EvaluationSuiteException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EvaluationSuiteException"/> class.</summary>
    /// <param name="message">What is wrong, without data content.</param>
    /// <param name="innerException">The cause.</param>
    public EvaluationSuiteException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
