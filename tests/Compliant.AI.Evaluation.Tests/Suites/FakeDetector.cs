using System.Text.RegularExpressions;

namespace Compliant.AI.Evaluation.Tests.Suites;

/// <summary>Finds words listed as PERSON and e-mail addresses; deterministic, for hand-computed figures.</summary>
internal sealed partial class FakeDetector(params string[] people) : IPiiDetector
{
    public bool Throw { get; init; }

    public IReadOnlyList<PiiEntity> Detect(string text, CancellationToken cancellationToken = default)
    {
        if (Throw)
        {
            throw new InvalidOperationException("detector failed on " + text); // the message carries content: it must never reach a report
        }

        var found = new List<PiiEntity>();
        foreach (string person in people)
        {
            for (int i = text.IndexOf(person, StringComparison.Ordinal); i >= 0; i = text.IndexOf(person, i + 1, StringComparison.Ordinal))
            {
                found.Add(new PiiEntity("PERSON", i, i + person.Length, 1));
            }
        }

        foreach (Match m in Email().Matches(text))
        {
            found.Add(new PiiEntity("EMAIL_ADDRESS", m.Index, m.Index + m.Length, 1));
        }

        return found;
    }

    [GeneratedRegex(@"[\w.]+@[\w.]+\w")]
    private static partial Regex Email();
}
