using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.ExtractiveModel;

/// <summary>Builds the prompt the grounding stage writes (a sources block, then the question) for the extractive model's tests.</summary>
internal static class ExtractiveSources
{
    public static List<ChatMessage> Ask(string sources, string question) =>
        [new ChatMessage(ChatRole.System, "Answer only from the sources.\n" + sources), new ChatMessage(ChatRole.User, question)];

    public static string Sources(params (string Title, string Text)[] sources)
    {
        var sb = new System.Text.StringBuilder("<sources>\n");
        for (int i = 0; i < sources.Length; i++)
        {
            sb.Append("<source id=\"S").Append(i + 1).Append("\" title=\"").Append(sources[i].Title).Append("\">\n")
                .Append(sources[i].Text).Append("\n</source>\n");
        }

        return sb.Append("</sources>").ToString();
    }
}
