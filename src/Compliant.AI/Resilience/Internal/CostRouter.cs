using Compliant.AI.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliant.AI.Resilience.Internal;

/// <summary>The rules of <see cref="ChatRouting.CreateCostAware"/>.</summary>
internal static class CostRouter
{
    public static (string Route, string Rule) Decide(CostRoutingOptions rules, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (options?.AdditionalProperties is { } props &&
            props.TryGetValue(CostRoutingOptions.HintKey, out object? hint) &&
            hint is string h &&
            (h == CostRoutingOptions.PrimaryRoute || h == CostRoutingOptions.EconomyRoute))
        {
            return (h, "hint");
        }

        if (rules.ToolsRequirePrimary && options?.Tools is { Count: > 0 })
        {
            return (CostRoutingOptions.PrimaryRoute, "tools");
        }

        if (rules.SchemaRequiresPrimary && options?.ResponseFormat is ChatResponseFormatJson { Schema: not null })
        {
            return (CostRoutingOptions.PrimaryRoute, "schema");
        }

        long length = 0;
        foreach (ChatMessage message in messages)
        {
            foreach (AIContent content in message.Contents)
            {
                if (content is TextContent text)
                {
                    length += text.Text.Length;
                }
            }

            if (length > rules.MaxEconomyPromptCharacters)
            {
                return (CostRoutingOptions.PrimaryRoute, "prompt_length");
            }
        }

        return (CostRoutingOptions.EconomyRoute, "short_prompt");
    }

    public static void Record(string route, string rule)
    {
        Dictionary<string, string>? details = null;
        if (AuditScope.Current is { } scope)
        {
            scope.Increment("routing." + route);
            details = new Dictionary<string, string> { ["rule"] = rule };
        }

        StageReporter.Report(new StageEvent(CompliantTelemetry.Resilience.RoutingStageName, AuditDecision.Allow, route) { Details = details }, span: null, NullLogger.Instance);

        CompliantTelemetry.Resilience.RoutingDecisions.Add(
            1,
            new KeyValuePair<string, object?>(CompliantTelemetry.Resilience.TagRoute, route),
            new KeyValuePair<string, object?>(CompliantTelemetry.Resilience.TagRule, rule));
    }
}
