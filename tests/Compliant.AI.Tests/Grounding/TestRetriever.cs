using System.Collections.Concurrent;

namespace Compliant.AI.Tests.Grounding;

/// <summary>A document for <see cref="TestRetriever"/>: text plus the principals allowed to read it.</summary>
public sealed record TestDocument(string Id, string Title, string Text, params string[] Acl);

/// <summary>
/// A small in-test retriever: scores documents by the number of distinct lower-cased query words they contain, filters
/// by access-control list inside the query (a denied document is counted, never returned), and records every request.
/// </summary>
public sealed class TestRetriever(params TestDocument[] documents) : IRetriever
{
    private static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "is", "are", "of", "to", "for", "how", "what", "who", "when", "do", "does", "in", "on", "and", "or", "be", "by", "long", "often", "many", "must",
    };

    public ConcurrentQueue<RetrievalRequest> Requests { get; } = new();

    public Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request);
        HashSet<string> query = Words(request.Query);
        var principals = new HashSet<string>(request.Caller.Principals, StringComparer.Ordinal) { PrincipalNames.Everyone };
        var passages = new List<RetrievedPassage>();
        int denied = 0;
        foreach (TestDocument document in documents)
        {
            int score = Words(document.Title + " " + document.Text).Count(query.Contains);
            if (score == 0)
            {
                continue;
            }

            if (!document.Acl.Any(principals.Contains))
            {
                denied++;
                continue;
            }

            passages.Add(new RetrievedPassage
            {
                ChunkId = document.Id + "#0",
                DocumentId = document.Id,
                Text = document.Text,
                Title = document.Title,
                Source = "policies/" + document.Id + ".md",
                Score = score,
                End = document.Text.Length,
            });
        }

        List<RetrievedPassage> ranked = passages.OrderByDescending(p => p.Score).ThenBy(p => p.DocumentId, StringComparer.Ordinal).Take(request.TopK).ToList();
        return Task.FromResult(new RetrievalResult(ranked, denied));
    }

    public static HashSet<string> Words(string text) =>
        text.ToLowerInvariant()
            .Split([' ', '.', ',', '?', '!', ':', ';', '\n', '\r', '(', ')', '"', '\''], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !Stop.Contains(w))
            .Select(w => w.Length > 3 && w.EndsWith('s') ? w[..^1] : w)
            .ToHashSet(StringComparer.Ordinal);
}
