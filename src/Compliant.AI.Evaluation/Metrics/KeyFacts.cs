namespace Compliant.AI;

/// <summary>Checks whether an answer states a key fact of a golden question.</summary>
public static class KeyFacts
{
    /// <summary>Returns whether <paramref name="answer"/> contains <paramref name="fact"/>, ignoring case and runs of white space; <c>a|b</c> accepts either spelling.</summary>
    /// <param name="answer">The answer text.</param>
    /// <param name="fact">The fact, with alternatives separated by <c>|</c>.</param>
    /// <returns><see langword="true"/> when one alternative occurs in the answer.</returns>
    public static bool Contains(string answer, string fact)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(fact);
        string normalized = Normalize(answer);
        return fact.Split('|').Select(Normalize).Any(a => a.Length > 0 && normalized.Contains(a, StringComparison.OrdinalIgnoreCase));
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
