using Compliant.AI;
using Compliant.AI.DependencyInjection.Internal;
using Compliant.AI.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.AI;

/// <summary>Composes the recommended Compliant.AI pipeline.</summary>
public static class ComplianceChatClientBuilderExtensions
{
    /// <summary>Adds every Compliant.AI stage whose services are registered, in the recommended order (outermost first).</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="configureRedactedSegment">
    /// An optional callback that adds stages between PII redaction and resilience, where they see only redacted traffic:
    /// the place for Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c> and <c>UseLogging()</c>.
    /// </param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <remarks>
    /// <para>The order, outermost first, and when each stage is added:</para>
    /// <list type="number">
    /// <item><description>auditing: when an <see cref="IAuditSink"/> is registered (<c>AddAuditLedger()</c>, <c>AddInMemoryAuditSink()</c>)
    /// or <c>AddAuditing()</c> was called (then a missing sink fails the build); otherwise none, with a warning logged (event 1094);</description></item>
    /// <item><description>prompt versions: when a <see cref="PromptCatalog"/> is registered (<c>AddPromptVersions()</c>);</description></item>
    /// <item><description>tool policy and Microsoft.Extensions.AI's tool loop (<c>UseToolPolicy().UseFunctionInvocation()</c>): when
    /// <c>AddToolPolicy()</c> was called; do not add another <c>UseFunctionInvocation()</c> around the pipeline then (configure
    /// the loop through <c>GetService&lt;FunctionInvokingChatClient&gt;()</c>);</description></item>
    /// <item><description>guardrails: when <c>AddGuardrails()</c> and a prompt-injection detector are registered;</description></item>
    /// <item><description>grounding: when an <see cref="IRetriever"/> is registered;</description></item>
    /// <item><description>structured-output validation: always (requests without a JSON schema pass through untouched);</description></item>
    /// <item><description>PII redaction: when an <see cref="IPiiDetector"/> is registered (<c>AddPiiDetection()</c>, <c>AddPiiRedaction()</c>);</description></item>
    /// <item><description>the stages added by <paramref name="configureRedactedSegment"/>;</description></item>
    /// <item><description>cost control: when <c>AddCostControl()</c> was called;</description></item>
    /// <item><description>resilience: when <c>AddResilience()</c> was called;</description></item>
    /// <item><description>a caller boundary, always: the <see cref="CallerContext"/> is removed from the options before the
    /// provider, with or without PII redaction.</description></item>
    /// </list>
    /// <para>See <c>docs/architecture.md</c> for why this order. Each stage also works alone through its own <c>UseX()</c>.</para>
    /// </remarks>
    public static ChatClientBuilder UseCompliance(this ChatClientBuilder builder, Action<ChatClientBuilder>? configureRedactedSegment = null)
    {
        Throw.IfNull(builder);
        builder.Use((inner, services) =>
        {
            // Auditing when it was asked for: a sink is registered, or AddAuditing() was called (then a missing sink
            // fails the build with UseAuditing's message instead of silently auditing nothing).
            if (services.GetService<IAuditSink>() is null && services.GetService<ConfigurationBindingSource<AuditingOptions>>() is null)
            {
                if (services.GetService<ILoggerFactory>() is { } loggers)
                {
                    ComplianceLog.AuditingNotRegistered(loggers.CreateLogger(typeof(ComplianceChatClientBuilderExtensions)));
                }

                return inner;
            }

            return new ChatClientBuilder(inner).UseAuditing().Build(services);
        });
        // Prompt versions just inside auditing: the record carries the versions, and every inner stage sees the selections.
        builder.UseWhen(static sp => sp.GetService<PromptCatalog>() is not null, static b => b.UsePromptVersions());
        // Tool policy and the tool loop when AddToolPolicy() was called: the policy outside the loop (a denied call never runs,
        // approval requests are answered), both inside auditing (one record holds every round and every call's verdict), and
        // the loop outside the stages below, so every round's tool results pass guardrails and redaction before the model.
        builder.UseWhen(
            static sp => sp.GetService<ConfigurationBindingSource<ToolPolicyOptions>>() is not null,
            static b => b.UseToolPolicy().UseFunctionInvocation());
        // Guardrails inside auditing (a refusal is audited) and outside grounding (the user's turn is checked before retrieval runs).
        builder.UseWhen(static sp => sp.GetService<IPromptInjectionDetector>() is not null && sp.GetService<ConfigurationBindingSource<GuardrailsOptions>>() is not null, static b => b.UseGuardrails());
        builder.UseWhen(static sp => sp.GetService<IRetriever>() is not null, static b => b.UseGrounding());
        builder.UseStructuredOutput();
        builder.UseWhen(static sp => sp.GetService<IPiiDetector>() is not null, static b => b.UsePiiRedaction());
        configureRedactedSegment?.Invoke(builder);
        builder.UseWhen(static sp => sp.GetService<IBudgetStore>() is not null, static b => b.UseCostControl());
        builder.UseWhen(static sp => sp.GetService<ConfigurationBindingSource<ResilienceOptions>>() is not null, static b => b.UseResilience());

        // Always last before the provider: the caller's identity never leaves the process, with or without redaction.
        builder.UseCallerBoundary();
        return builder;
    }

    /// <summary>Adds the stages <paramref name="use"/> adds only when <paramref name="condition"/> holds for the pipeline's services.</summary>
    private static void UseWhen(this ChatClientBuilder builder, Func<IServiceProvider, bool> condition, Action<ChatClientBuilder> use) =>
        builder.Use((inner, services) =>
        {
            if (!condition(services))
            {
                return inner;
            }

            var nested = new ChatClientBuilder(inner);
            use(nested);
            return nested.Build(services);
        });
}
