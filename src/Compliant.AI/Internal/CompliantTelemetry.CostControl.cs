using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

internal static partial class CompliantTelemetry
{
    /// <summary>Names and instruments of the cost-control stage (budgets, rate limits, cost and token counters).</summary>
    /// <remarks>Tags carry codes, model ids and tenant ids (organisation ids) only: never a user id or message content.</remarks>
    public static class CostControl
    {
        public const string StageName = "budget";
        public const string CostName = "compliant_ai.cost";
        public const string TokensName = "compliant_ai.tokens";
        public const string BudgetRejectionsName = "compliant_ai.budget.rejections";
        public const string RateLimitRejectionsName = "compliant_ai.rate_limit.rejections";
        public const string TagCurrency = "compliant_ai.currency";
        public const string TagTokenType = "gen_ai.token.type";
        public const string TagEstimated = "compliant_ai.tokens.estimated";
        public const string TagPeriod = "compliant_ai.budget.period";
        public const string TagReason = "compliant_ai.reason";

        public static readonly Counter<double> Cost = Meter.CreateCounter<double>(CostName, "{currency}", "Cost of model calls from the configured price table.");
        public static readonly Counter<long> Tokens = Meter.CreateCounter<long>(TokensName, "{token}", "Tokens used by model calls.");
        public static readonly Counter<long> BudgetRejections = Meter.CreateCounter<long>(BudgetRejectionsName, "{call}", "Model calls refused because they would exceed a budget.");
        public static readonly Counter<long> RateLimitRejections = Meter.CreateCounter<long>(RateLimitRejectionsName, "{call}", "Model calls refused by a tenant rate limit.");
    }
}
