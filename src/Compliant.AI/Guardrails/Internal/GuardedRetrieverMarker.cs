namespace Compliant.AI.Guardrails.Internal;

/// <summary>Registered once the retriever is decorated, so a second <c>AddGuardrails()</c> does not decorate it again.</summary>
internal sealed class GuardedRetrieverMarker
{
}
