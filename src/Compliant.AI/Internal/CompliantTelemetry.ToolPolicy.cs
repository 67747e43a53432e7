using System.Diagnostics.Metrics;

namespace Compliant.AI.Internal;

internal static partial class CompliantTelemetry
{
    /// <summary>Names, tags and instruments of the tool-policy stage.</summary>
    public static class ToolPolicy
    {
        public const string StageName = ToolPolicyReasons.StageName;
        public const string SpanName = "compliant_ai.tool_policy";
        public const string DecisionEventName = "compliant_ai.tool_policy.decision";

        /// <summary>The OpenTelemetry GenAI attribute for a tool's name.</summary>
        public const string ToolName = "gen_ai.tool.name";
        public const string Outcome = "compliant_ai.tool_policy.outcome";
        public const string Reason = "compliant_ai.tool_policy.reason";

        public const string DecisionsName = "compliant_ai.tool_policy.decisions";

        public static readonly Counter<long> Decisions = Meter.CreateCounter<long>(
            DecisionsName, "{call}", "Tool-call decisions of the tool-policy stage, by tool, outcome and reason.");
    }
}
