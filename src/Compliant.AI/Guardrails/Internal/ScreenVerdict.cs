namespace Compliant.AI.Guardrails.Internal;

/// <summary>The detector's result for one text and the action the options chose for it (<see cref="GuardrailAction.Annotate"/> when clean).</summary>
internal readonly record struct ScreenVerdict(PromptInjectionResult Result, GuardrailAction Action);
