using System.Text.RegularExpressions;

namespace Compliant.AI.Tests.PiiRedaction;

/// <summary>
/// A small deterministic detector for redaction tests: SSN, card, e-mail by regex, and a fixed list of names. The canary
/// values below are what every test checks never leaks; the real detector also finds them, so the tests hold with either.
/// </summary>
public sealed partial class TestPiiDetector : IPiiDetector
{
    public const string Ssn = "123-45-6789";
    public const string Card = "4111 1111 1111 1111";
    public const string Name = "Maria Okafor";
    public const string Email = "maria.okafor@example.com";

    public static readonly string[] Canaries = [Ssn, Card, Name, Email, "Okafor", "6789", "maria.okafor"];

    private static readonly string[] Names = ["Maria Okafor", "John Smith", "Ana O\"Neil\\Test", "Wei Zhang", "Priya Raman"];

    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<PiiEntity> Detect(string text, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var found = new List<PiiEntity>();
        foreach (Match m in SsnRegex().Matches(text))
        {
            found.Add(new PiiEntity(PiiEntityTypes.UsSsn, m.Index, m.Index + m.Length, 0.9));
        }

        foreach (Match m in CardRegex().Matches(text))
        {
            found.Add(new PiiEntity(PiiEntityTypes.CreditCard, m.Index, m.Index + m.Length, 0.9));
        }

        foreach (Match m in EmailRegex().Matches(text))
        {
            found.Add(new PiiEntity(PiiEntityTypes.EmailAddress, m.Index, m.Index + m.Length, 0.9));
        }

        foreach (string name in Names)
        {
            for (int i = text.IndexOf(name, StringComparison.Ordinal); i >= 0; i = text.IndexOf(name, i + name.Length, StringComparison.Ordinal))
            {
                found.Add(new PiiEntity(PiiEntityTypes.Person, i, i + name.Length, 0.85));
            }
        }

        // Resolve overlaps: earliest start, then longest.
        var result = new List<PiiEntity>();
        int end = 0;
        foreach (PiiEntity e in found.OrderBy(e => e.Start).ThenByDescending(e => e.Length))
        {
            if (e.Start >= end)
            {
                result.Add(e);
                end = e.End;
            }
        }

        return result;
    }

    [GeneratedRegex(@"\b\d{3}-\d{2}-\d{4}\b", RegexOptions.NonBacktracking)]
    private static partial Regex SsnRegex();

    [GeneratedRegex(@"\b\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}\b", RegexOptions.NonBacktracking)]
    private static partial Regex CardRegex();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", RegexOptions.NonBacktracking)]
    private static partial Regex EmailRegex();
}
