using Compliant.AI.Pii.Internal;
using Compliant.AI.Text;

namespace Compliant.AI.Tests.Pii.Recognizers;

/// <summary>Word tokens of a test text, and the index of a token by its text.</summary>
internal static class Tokens
{
    public static List<WordToken> Of(string text) => WordToken.Scan(text);

    /// <summary>The index of the first token that reads <paramref name="word"/> exactly (possessive and initial's dot included).</summary>
    public static int IndexOf(string text, List<WordToken> tokens, string word)
    {
        int i = tokens.FindIndex(t => text.AsSpan(t.Start, t.Length).SequenceEqual(word));
        Assert.True(i >= 0, $"no token '{word}'");
        return i;
    }
}
