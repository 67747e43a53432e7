namespace PolicyService;

/// <summary>A question to the policy service.</summary>
/// <param name="Question">The policy question, at most 2,000 characters.</param>
public sealed record AskRequest(string? Question);
