using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Compliant.AI;

/// <summary>The golden data of one grounded question for <see cref="GroundedAnswerEvaluator"/>: whether it is answerable, the documents that answer it and its key facts.</summary>
public sealed class GroundedAnswerContext : EvaluationContext
{
    /// <summary>The context name.</summary>
    public const string ContextName = "Compliant Grounded Answer Golden Data";

    /// <summary>Initializes a new instance of the <see cref="GroundedAnswerContext"/> class.</summary>
    /// <param name="answerable">Whether the approved sources answer the question.</param>
    /// <param name="goldDocuments">The ids of the documents that answer it.</param>
    /// <param name="keyFacts">The facts a correct answer states (<c>a|b</c> accepts either spelling).</param>
    public GroundedAnswerContext(bool answerable, IEnumerable<string> goldDocuments, IEnumerable<string> keyFacts)
        : base(ContextName, new TextContent($"answerable={answerable}"))
    {
        ArgumentNullException.ThrowIfNull(goldDocuments);
        ArgumentNullException.ThrowIfNull(keyFacts);
        Answerable = answerable;
        GoldDocuments = [.. goldDocuments];
        KeyFacts = [.. keyFacts];
    }

    /// <summary>Gets a value indicating whether the approved sources answer the question.</summary>
    public bool Answerable { get; }

    /// <summary>Gets the ids of the documents that answer the question.</summary>
    public IReadOnlyList<string> GoldDocuments { get; }

    /// <summary>Gets the key facts.</summary>
    public IReadOnlyList<string> KeyFacts { get; }
}
