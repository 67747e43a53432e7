namespace Compliant.AI;

/// <summary>Thrown when documents could not be ingested; lists every failure.</summary>
public sealed class IngestionException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="IngestionException"/> class.</summary>
    public IngestionException()
        : this("Ingestion failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="IngestionException"/> class.</summary>
    /// <param name="message">The message.</param>
    public IngestionException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Initializes a new instance of the <see cref="IngestionException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IngestionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Initializes a new instance of the <see cref="IngestionException"/> class.</summary>
    /// <param name="errors">The failures.</param>
    public IngestionException(IReadOnlyList<IngestionError> errors)
        : base(Describe(errors), errors is { Count: > 0 } ? errors[0].Exception : null)
    {
        Errors = errors;
    }

    /// <summary>Gets the failures.</summary>
    public IReadOnlyList<IngestionError> Errors { get; }

    private static string Describe(IReadOnlyList<IngestionError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 1
            ? $"Document #{errors[0].Index} could not be ingested ({errors[0].Code}): {errors[0].Message}"
            : $"{errors.Count} documents could not be ingested: " + string.Join(", ", errors.GroupBy(e => e.Code).Select(g => $"{g.Count()} {g.Key}"));
    }
}
