using Microsoft.Extensions.Logging;

namespace Compliant.AI.Cascade.Internal;

/// <summary>Source-generated log messages of the cascade stage (event ids 1470-1479).</summary>
/// <remarks>Messages carry exception type names only (its decisions are logged by the stage reporter, event id 1010): never message content or a caller's identity.</remarks>
internal static partial class CascadeLog
{
    [LoggerMessage(1470, LogLevel.Warning, "The primary model failed with {ErrorType}; escalating.")]
    public static partial void PrimaryFailed(ILogger logger, string errorType);
}
