using Microsoft.Extensions.Logging;

namespace Compliant.AI.CostControl.Internal;

/// <summary>Source-generated log messages of the cost-control stage (event ids 1462-1469; its refusals are logged by the stage reporter, event id 1010).</summary>
/// <remarks>Messages carry tenant ids, periods, model ids and exception type names only: never message content.</remarks>
internal static partial class CostControlLog
{
    [LoggerMessage(1462, LogLevel.Debug, "Model {Model} has no price configured; cost not computed.")]
    public static partial void NoPrice(ILogger logger, string model);

    [LoggerMessage(1463, LogLevel.Warning, "Budget settlement for tenant {TenantId} failed with {ErrorType}; spend may be under-counted.")]
    public static partial void SettlementFailed(ILogger logger, string tenantId, string errorType);
}
