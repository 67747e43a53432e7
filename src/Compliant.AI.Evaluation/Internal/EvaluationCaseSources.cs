namespace Compliant.AI.Evaluation.Internal;

/// <summary>Parses the <c>source</c> of an injection dataset or case: <c>user</c>, <c>document</c> or <c>tool</c>.</summary>
internal static class EvaluationCaseSources
{
    public static bool TryParse(string text, out PromptInjectionSource source)
    {
        switch (text.ToUpperInvariant())
        {
            case "USER":
                source = PromptInjectionSource.User;
                return true;
            case "DOCUMENT":
                source = PromptInjectionSource.Document;
                return true;
            case "TOOL":
                source = PromptInjectionSource.Tool;
                return true;
            default:
                source = PromptInjectionSource.User;
                return false;
        }
    }
}
