namespace Compliant.AI;

/// <summary>The prompt template names the library's stages read.</summary>
public static class PromptNames
{
    /// <summary>The system instructions: <see cref="PromptVersionsChatClient"/> puts the selected text in <c>ChatOptions.Instructions</c>, before any instructions the caller set.</summary>
    public const string System = "system";

    /// <summary>The grounding stage's source-block template (in place of <c>GroundingOptions.SourceBlockTemplate</c>); it must contain <c>{sources}</c>.</summary>
    public const string Grounding = "grounding";
}
