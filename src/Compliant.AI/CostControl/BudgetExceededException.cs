namespace Compliant.AI;

/// <summary>Thrown before a model call when the call's estimated cost would take its tenant over a budget.</summary>
/// <remarks>The message names the period and the tenant id (an organisation id), never a user or prompt content.</remarks>
public sealed class BudgetExceededException : ComplianceRejectedException
{
    /// <summary>Initializes a new instance of the <see cref="BudgetExceededException"/> class.</summary>
    public BudgetExceededException()
        : this("The model call would exceed its budget.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BudgetExceededException"/> class.</summary>
    /// <param name="message">A message without personal data.</param>
    public BudgetExceededException(string message)
        : this(message, (Exception?)null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BudgetExceededException"/> class.</summary>
    /// <param name="message">A message without personal data.</param>
    /// <param name="innerException">The cause.</param>
    public BudgetExceededException(string message, Exception? innerException)
        : this(message, "budget_exceeded", innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BudgetExceededException"/> class with the audit reason.</summary>
    internal BudgetExceededException(string message, string reason, Exception? innerException = null)
        : base("budget", reason, message, innerException)
    {
    }

    /// <summary>Gets the tenant whose budget would be exceeded.</summary>
    public string? TenantId { get; init; }

    /// <summary>Gets the period whose budget would be exceeded: <c>day</c> or <c>month</c>; <see langword="null"/> when the model has no price.</summary>
    public string? Period { get; init; }

    /// <summary>Gets the budget limit of <see cref="Period"/>.</summary>
    public decimal? Limit { get; init; }

    /// <summary>Gets the estimated cost of the refused call.</summary>
    public decimal? EstimatedCost { get; init; }

    /// <summary>Gets when the period ends and the budget is available again (UTC).</summary>
    public DateTimeOffset? ResetsAt { get; init; }
}
