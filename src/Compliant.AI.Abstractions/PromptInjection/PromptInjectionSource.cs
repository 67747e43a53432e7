namespace Compliant.AI;

/// <summary>Where a text that is scanned for prompt injection comes from; each source has its own operating point.</summary>
public enum PromptInjectionSource
{
    /// <summary>The user's own turn (direct injection).</summary>
    User = 0,

    /// <summary>A retrieved passage or document (indirect injection).</summary>
    Document = 1,

    /// <summary>The result of a tool or function call (indirect injection).</summary>
    Tool = 2,
}
