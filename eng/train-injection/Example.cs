using Compliant.AI.PromptInjection.Internal;

namespace Compliant.AI.PromptInjection.Training;

/// <summary>One training example: text and label (1 = injection).</summary>
internal sealed record Example(string Text, int Label, bool Folded = false)
{
    public string FoldedText { get; } = Folded ? Text : InjectionText.Fold(Text, true, out _);
}
