using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

internal static partial class CompliantTelemetry
{
    /// <summary>Names and instruments of the resilience stage and its cost-aware router.</summary>
    /// <remarks>Tags carry codes, model ids and tenant ids (organisation ids) only: never a user id or message content.</remarks>
    public static class Resilience
    {
        public const string StageName = "resilience";
        public const string RoutingStageName = "routing";

        public const string RetriesName = "compliant_ai.resilience.retries";
        public const string TimeoutsName = "compliant_ai.resilience.timeouts";
        public const string CircuitTransitionsName = "compliant_ai.resilience.circuit_breaker.transitions";
        public const string RejectionsName = "compliant_ai.resilience.rejections";
        public const string FailoversName = "compliant_ai.resilience.failovers";
        public const string RoutingDecisionsName = "compliant_ai.routing.decisions";

        public const string TagReason = "compliant_ai.reason";
        public const string TagTimeoutKind = "compliant_ai.resilience.timeout_kind";
        public const string TagCircuitState = "compliant_ai.resilience.circuit_state";
        public const string TagRoute = "compliant_ai.routing.route";
        public const string TagRule = "compliant_ai.routing.rule";

        public static readonly Counter<long> Retries = Meter.CreateCounter<long>(RetriesName, "{retry}", "Retries of a failed model call.");
        public static readonly Counter<long> Timeouts = Meter.CreateCounter<long>(TimeoutsName, "{timeout}", "Model calls or attempts that timed out.");
        public static readonly Counter<long> CircuitTransitions = Meter.CreateCounter<long>(CircuitTransitionsName, "{transition}", "Circuit breaker state changes.");
        public static readonly Counter<long> Rejections = Meter.CreateCounter<long>(RejectionsName, "{call}", "Model calls rejected at once because the circuit is open.");
        public static readonly Counter<long> Failovers = Meter.CreateCounter<long>(FailoversName, "{failover}", "Model calls that moved to a fallback client.");
        public static readonly Counter<long> RoutingDecisions = Meter.CreateCounter<long>(RoutingDecisionsName, "{decision}", "Routing decisions of the cost-aware router.");
    }
}
