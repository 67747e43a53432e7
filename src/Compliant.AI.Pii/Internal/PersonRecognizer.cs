using Compliant.AI.Text;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// People's names from capitalized word runs: a gazetteer of given names and surnames across many cultures (embedded,
/// authored here), honorifics ("Dr.", "Mrs."), initials ("Anna S.", "J. Smith") and context ("patient:", "Dear",
/// "Thanks,\nMaria"). Runs ending in an organization or place word ("... Hospital", "... Street") are not names.
/// </summary>
/// <remarks>
/// This type only walks the tokens; each concern lives in its own part: <see cref="NameTokens"/> (what one token says),
/// <see cref="NameStructure"/> (honorifics, particles, non-person suffixes, surname endings, run growth),
/// <see cref="PersonScoring"/> (grading a run), <see cref="PersonCues"/> (introducing phrases, speakers, relatives) and
/// <see cref="NameLists"/> (names listed with a name).
/// </remarks>
internal sealed class PersonRecognizer : PiiRecognizer
{
    private static readonly string[] Types = [PiiEntityTypes.Person];
    private static readonly string[] Context =
        ["patient", "pt", "name", "named", "dear", "signed", "thanks", "thank", "regards", "sincerely", "cheers", "contact", "son", "daughter", "wife", "husband", "mother", "father", "spouse", "sister", "brother", "client", "customer", "member", "employee", "by", "seen", "treated", "referred", "hi", "hello", "attn", "cc", "mr", "mrs", "ms", "dr", "caller", "user", "applicant", "guardian", "parent", "child", "friend", "colleague", "manager", "agent", "witness", "victim", "suspect", "author", "written", "said", "says", "told", "asked", "met", "called"];

    public PersonRecognizer()
        : base("PersonRecognizer")
    {
    }

    public override IReadOnlyCollection<string> SupportedEntityTypes => Types;

    public override IReadOnlyList<string> ContextWords => Context;

    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken)
    {
        List<WordToken> tokens = ScanCache.Tokens(text);
        var results = new List<PiiEntity>();
        var runs = new List<NameLists.Run>();
        int i = 0;
        while (i < tokens.Count)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!NameTokens.IsNameLike(text, tokens[i]))
            {
                i++;
                continue;
            }

            int j = NameStructure.RunEnd(text, tokens, i);
            int before = results.Count;
            if (PersonScoring.Score(text, tokens, i, j) is PersonMatch scored)
            {
                results.Add(Candidate.Create(PiiEntityTypes.Person, scored.Start, scored.End, scored.Score, Name, scored.Pattern, "gazetteer"));
            }

            if ((results.Count == before || results[^1].Score < 0.5) && PersonCues.Introduced(text, tokens, i, j) is PersonMatch cued)
            {
                if (results.Count > 0 && results[^1].Start == cued.Start)
                {
                    results.RemoveAt(results.Count - 1);
                }

                results.Add(Candidate.Create(PiiEntityTypes.Person, cued.Start, cued.End, cued.Score, Name, cued.Pattern));
            }

            runs.Add(new NameLists.Run(i, j, results.Count > before ? results.Count - 1 : -1));
            i = j + 1;
        }

        NameLists.AddListed(text, tokens, runs, results, Name);
        return results;
    }
}
