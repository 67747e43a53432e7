using System.Text;
using Compliant.AI.Pii.Internal;

namespace Compliant.AI.Tests.Pii;

/// <summary><see cref="ContextWordMatcher"/> finds the same words, in the same order, as searching for each word with <see cref="ContextWindow.ContainsWord"/>.</summary>
public class ContextWordMatcherTests
{
    private static readonly string[] Words = ["on", "at", "ssn", "ss#", "e-mail", "nhs number", "driver's", "dob", "pt", "on", "día", "k"];

    private static readonly string[] Pieces = ["On", "ON", "at", "cat", "SSN", "ss#", "ss", "e-mail", "email", "NHS number", "nhs  number", "driver's", "drivers", "DOB:", "pt.", "día", "DÍA", "\u212A", "k", "K9", "_at", " ", ", ", "-", "'", "\n", "2", "é"];

    [Fact]
    public void Find_RandomWindows_SameAsWordByWordSearch()
    {
        var matcher = new ContextWordMatcher(Words);
        var random = new Random(7);
        for (int k = 0; k < 3000; k++)
        {
            var sb = new StringBuilder();
            int n = random.Next(1, 20);
            for (int i = 0; i < n; i++)
            {
                sb.Append(Pieces[random.Next(Pieces.Length)]);
            }

            string text = sb.ToString();
            int before = random.Next(text.Length + 1);
            int start = random.Next(before, text.Length + 1);
            int end = random.Next(start, text.Length + 1);
            int after = random.Next(end, text.Length + 1);
            List<string> expected = [.. Words.Where(w => ContextWindow.ContainsWord(text, before, start, w) || ContextWindow.ContainsWord(text, end, after, w))];
            Assert.Equal(expected, matcher.Find(text, before, start, end, after) ?? []);
        }
    }
}
