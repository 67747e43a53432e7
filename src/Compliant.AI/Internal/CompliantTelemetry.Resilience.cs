using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

internal static partial class CompliantTelemetry
{
    /// <summary>Names and instruments of the resilience, routing, cost and budget stages.</summary>
    /// <remarks>Tags carry codes, model ids and tenant ids (organisation ids) only: never a user id or message content.</remarks>
    public static class Resilience
    {
        public const string StageName = "resilience";
        public const string RoutingStageName = "routing";
        public const string BudgetStageName = "budget";

        public const string RetriesName = "compliant_ai.resilience.retries";
        public const string TimeoutsName = "compliant_ai.resilience.timeouts";
        public const string CircuitTransitionsName = "compliant_ai.resilience.circuit_breaker.transitions";
        public const string RejectionsName = "compliant_ai.resilience.rejections";
        public const string FailoversName = "compliant_ai.resilience.failovers";
        public const string RoutingDecisionsName = "compliant_ai.routing.decisions";
        public const string CostName = "compliant_ai.cost";
        public const string TokensName = "compliant_ai.tokens";
        public const string BudgetRejectionsName = "compliant_ai.budget.rejections";
        public const string RateLimitRejectionsName = "compliant_ai.rate_limit.rejections";

        public const string TagReason = "compliant_ai.reason";
        public const string TagTimeoutKind = "compliant_ai.resilience.timeout_kind";
        public const string TagCircuitState = "compliant_ai.resilience.circuit_state";
        public const string TagRoute = "compliant_ai.routing.route";
        public const string TagRule = "compliant_ai.routing.rule";
        public const string TagCurrency = "compliant_ai.currency";
        public const string TagTokenType = "gen_ai.token.type";
        public const string TagEstimated = "compliant_ai.tokens.estimated";
        public const string TagPeriod = "compliant_ai.budget.period";

        public static readonly Counter<long> Retries = Meter.CreateCounter<long>(RetriesName, "{retry}", "Retries of a failed model call.");
        public static readonly Counter<long> Timeouts = Meter.CreateCounter<long>(TimeoutsName, "{timeout}", "Model calls or attempts that timed out.");
        public static readonly Counter<long> CircuitTransitions = Meter.CreateCounter<long>(CircuitTransitionsName, "{transition}", "Circuit breaker state changes.");
        public static readonly Counter<long> Rejections = Meter.CreateCounter<long>(RejectionsName, "{call}", "Model calls rejected at once because the circuit is open.");
        public static readonly Counter<long> Failovers = Meter.CreateCounter<long>(FailoversName, "{failover}", "Model calls that moved to a fallback client.");
        public static readonly Counter<long> RoutingDecisions = Meter.CreateCounter<long>(RoutingDecisionsName, "{decision}", "Routing decisions of the cost-aware router.");
        public static readonly Counter<double> Cost = Meter.CreateCounter<double>(CostName, "{currency}", "Cost of model calls from the configured price table.");
        public static readonly Counter<long> Tokens = Meter.CreateCounter<long>(TokensName, "{token}", "Tokens used by model calls.");
        public static readonly Counter<long> BudgetRejections = Meter.CreateCounter<long>(BudgetRejectionsName, "{call}", "Model calls refused because they would exceed a budget.");
        public static readonly Counter<long> RateLimitRejections = Meter.CreateCounter<long>(RateLimitRejectionsName, "{call}", "Model calls refused by a tenant rate limit.");
    }
}
