namespace Compliant.AI;

/// <summary>Thrown when the tool-policy stage denies a tool call and <see cref="ToolPolicyOptions.ThrowOnDenial"/> is set.</summary>
/// <remarks>The message names the tool and the reason code, never argument values. The denied tool did not run.</remarks>
public sealed class ToolCallDeniedException : ComplianceRejectedException
{
    /// <summary>Initializes a new instance of the <see cref="ToolCallDeniedException"/> class.</summary>
    public ToolCallDeniedException()
        : this("The tool call was denied by policy.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ToolCallDeniedException"/> class.</summary>
    /// <param name="message">A message without argument values.</param>
    public ToolCallDeniedException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ToolCallDeniedException"/> class.</summary>
    /// <param name="message">A message without argument values.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ToolCallDeniedException(string message, Exception? innerException)
        : this(message, ToolPolicyReasons.Denied, innerException)
    {
    }

    internal ToolCallDeniedException(string message, string reason, Exception? innerException = null)
        : base(ToolPolicyReasons.StageName, reason, message, innerException)
    {
    }

    /// <summary>Gets the name of the denied tool.</summary>
    public string? ToolName { get; init; }
}
