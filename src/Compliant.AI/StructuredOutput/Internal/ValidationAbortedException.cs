namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Ends one validation early because a limit was hit (work budget, evaluation depth, regular-expression timeout).</summary>
/// <remarks>Internal control flow only: <see cref="JsonSchemaValidator"/> turns it into a <see cref="JsonValidationFailureKind.WorkLimitExceeded"/> result.</remarks>
internal sealed class ValidationAbortedException : Exception
{
    public ValidationAbortedException()
        : this("maxWork", "#", "validation was stopped")
    {
    }

    public ValidationAbortedException(string message)
        : this("maxWork", "#", message)
    {
    }

    public ValidationAbortedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Keyword = "maxWork";
        KeywordPath = "#";
    }

    public ValidationAbortedException(string keyword, string keywordPath, string message)
        : base(message)
    {
        Keyword = keyword;
        KeywordPath = keywordPath;
    }

    /// <summary>Gets the limit that was hit: <c>maxWork</c>, <c>maxEvaluationDepth</c>, <c>pattern</c> or <c>patternProperties</c>.</summary>
    public string Keyword { get; }

    /// <summary>Gets the schema location where the limit was hit (<c>#</c> for the work budget).</summary>
    public string KeywordPath { get; }
}
