using Microsoft.Extensions.Logging;

namespace Compliant.AI.Tools.Internal;

/// <summary>The tool-policy stage's log messages: tool names, outcomes and reason codes only, never argument values or approver ids.</summary>
internal static partial class ToolPolicyLog
{
    [LoggerMessage(EventId = 1540, Level = LogLevel.Warning, Message = "Tool call to {ToolName} denied by policy ({Reason}).")]
    public static partial void Denied(ILogger logger, string toolName, string reason);

    [LoggerMessage(EventId = 1541, Level = LogLevel.Debug, Message = "Tool call to {ToolName} allowed ({Reason}).")]
    public static partial void Allowed(ILogger logger, string toolName, string reason);

    [LoggerMessage(EventId = 1542, Level = LogLevel.Information, Message = "Tool call to {ToolName} held for approval ({Reason}).")]
    public static partial void ApprovalRequired(ILogger logger, string toolName, string reason);

    [LoggerMessage(EventId = 1543, Level = LogLevel.Information, Message = "Approval of a tool call to {ToolName}: {Outcome}.")]
    public static partial void ApprovalDecided(ILogger logger, string toolName, string outcome);
}
