using Microsoft.Extensions.Logging;

namespace Compliant.AI.PromptVersions.Internal;

/// <summary>The prompt-versions log messages: names, versions, hashes and revisions only, never template text or caller ids.</summary>
internal static partial class PromptVersionsLog
{
    [LoggerMessage(EventId = 1520, Level = LogLevel.Information, Message = "Prompt configuration {Revision} loaded: {Rollout}.")]
    public static partial void ConfigurationLoaded(ILogger logger, string revision, string rollout);

    [LoggerMessage(EventId = 1521, Level = LogLevel.Error, Message = "Reloaded prompt configuration is invalid and was ignored; revision {Revision} stays in use. {Failures}")]
    public static partial void ReloadRejected(ILogger logger, string revision, string failures);
}
