using Compliant.AI.Internal;
using Compliant.AI.Resilience.Internal;
using Microsoft.Extensions.AI;

namespace Compliant.AI;

/// <summary>Builds failover and cost-aware routing clients on Microsoft.Extensions.AI's <c>OrderedFailoverChatClient</c> and <c>RoutingChatClient</c>, recording each decision in the audit scope.</summary>
/// <remarks>
/// Microsoft.Extensions.AI 10.11 marks its routing and failover clients experimental (<c>MEAI001</c>); these factories
/// return them as plain <see cref="IChatClient"/>s.
/// </remarks>
public static class ChatRouting
{
    /// <summary>Creates a client that tries <paramref name="clients"/> in order, moving to the next when one fails before streaming output reached the caller.</summary>
    /// <param name="clients">The clients, primary first. Give each its own <c>UseResilience()</c> so that its retries and breaker run before failover.</param>
    /// <param name="leaveOpen"><see langword="true"/> to leave the clients open when the returned client is disposed.</param>
    /// <returns>A Microsoft.Extensions.AI <c>OrderedFailoverChatClient</c> over the clients.</returns>
    /// <remarks>
    /// Each failover (a call reaching client 2, 3, ...) increments <c>resilience.failovers</c> and adds a
    /// <c>resilience</c>/<c>Modify</c>/<c>failover</c> verdict with the client's position to <see cref="AuditScope.Current"/>, and
    /// the <c>compliant_ai.resilience.failovers</c> metric. Cancellation and failures after the first streamed update
    /// are not failed over.
    /// </remarks>
    public static IChatClient CreateFailover(IReadOnlyList<IChatClient> clients, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(clients);
        if (clients.Count == 0)
        {
            throw new ArgumentException("At least one client is required.", nameof(clients));
        }

        var recorded = new IChatClient[clients.Count];
        for (int i = 0; i < clients.Count; i++)
        {
            recorded[i] = i == 0 ? Throw.IfNull(clients[i]) : new FailoverRecordingChatClient(Throw.IfNull(clients[i]), i + 1);
        }

#pragma warning disable MEAI001 // experimental in Microsoft.Extensions.AI 10.11
        return new OrderedFailoverChatClient(recorded, leaveOpen);
#pragma warning restore MEAI001
    }

    /// <summary>Creates a client that sends simple requests to <paramref name="economy"/> and the rest to <paramref name="primary"/>.</summary>
    /// <param name="primary">The capable, more expensive client.</param>
    /// <param name="economy">The cheaper client.</param>
    /// <param name="options">The rules; <see langword="null"/> for the defaults.</param>
    /// <returns>A Microsoft.Extensions.AI <c>RoutingChatClient</c>; it does not dispose the two clients.</returns>
    /// <remarks>
    /// Each decision adds a <c>routing</c>/<c>Allow</c> verdict with reason <c>primary</c> or <c>economy</c> and the rule
    /// that decided (<c>hint</c>, <c>tools</c>, <c>schema</c>, <c>prompt_length</c>, <c>short_prompt</c>) to
    /// <see cref="AuditScope.Current"/>, and the <c>compliant_ai.routing.decisions</c> metric. Only lengths and the
    /// presence of tools or a schema are inspected, never the text itself.
    /// </remarks>
    public static IChatClient CreateCostAware(IChatClient primary, IChatClient economy, CostRoutingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(economy);
        var rules = new CostRoutingOptions
        {
            MaxEconomyPromptCharacters = options?.MaxEconomyPromptCharacters ?? new CostRoutingOptions().MaxEconomyPromptCharacters,
            ToolsRequirePrimary = options?.ToolsRequirePrimary ?? true,
            SchemaRequiresPrimary = options?.SchemaRequiresPrimary ?? true,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(rules.MaxEconomyPromptCharacters, nameof(options));

#pragma warning disable MEAI001 // experimental in Microsoft.Extensions.AI 10.11
        return RoutingChatClient.Create((context, _) =>
        {
            (string route, string rule) = CostRouter.Decide(rules, context.Messages, context.ChatOptions);
            CostRouter.Record(route, rule);
            return new ValueTask<IChatClient>(route == CostRoutingOptions.EconomyRoute ? economy : primary);
        });
#pragma warning restore MEAI001
    }
}
