namespace Compliant.AI.Evaluation.Operations;

/// <summary>Which audit records an operations report covers.</summary>
internal sealed record OperationsFilter(DateTimeOffset? Since = null, DateTimeOffset? Until = null, string? Tenant = null, string? Model = null);
