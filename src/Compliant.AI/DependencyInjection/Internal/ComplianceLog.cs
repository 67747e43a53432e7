using Microsoft.Extensions.Logging;

namespace Compliant.AI.DependencyInjection.Internal;

/// <summary>Log messages of <c>UseCompliance()</c> when it composes the pipeline (category <c>Microsoft.Extensions.AI.ComplianceChatClientBuilderExtensions</c>).</summary>
internal static partial class ComplianceLog
{
    /// <remarks>The id stays in the auditing range, where it was documented before the composition had a log of its own.</remarks>
    [LoggerMessage(EventId = 1094, Level = LogLevel.Warning, Message = "UseCompliance added no auditing stage: no IAuditSink is registered (AddAuditLedger(), AddInMemoryAuditSink()); interactions are not audited.")]
    public static partial void AuditingNotRegistered(ILogger logger);
}
