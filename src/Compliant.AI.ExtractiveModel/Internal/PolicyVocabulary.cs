using Compliant.AI.Text;

namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>
/// Folds the everyday words people ask with onto the words policies and regulations are written in ("keep" and
/// "retain", "tell" and "notify", "charge" and "fee"), so a question matches the sentence that answers it without a
/// language model. Each group folds onto its first word; words outside every group stay as they are.
/// </summary>
/// <remarks>
/// General policy language only, not any one corpus's phrasing; with an embedding generator a real model would do this
/// better. Both the question's terms and the sources' terms are folded, so the grounding stage's support check (which
/// never folds) still sees only the source's own words in the quoted text.
/// </remarks>
internal static class PolicyVocabulary
{
    private static readonly string[][] Groups =
    [
        ["retain", "keep", "kept", "store", "stored", "maintain", "retention", "preserve", "save"],
        ["notify", "tell", "inform", "alert", "notification", "notice"],
        ["fee", "charge", "cost", "price"],
        ["delete", "remove", "erase", "destroy"],
        ["sanction", "discipline", "punish", "penalty", "penalize"],
        ["terminate", "fire", "dismiss"],
        ["resign", "quit", "separation", "separate"],
        ["reimburse", "refund", "repay", "reimbursement"],
        ["employee", "staff", "worker", "workforce", "personnel"],
        ["supervisor", "manager", "boss"],
        ["individual", "patient", "person", "people"],
        ["designate", "appoint", "assign"],
        ["telework", "remote", "telecommute"],
        ["password", "passcode", "passphrase"],
        ["laptop", "computer", "workstation"],
        ["begin", "start", "commence"],
        ["request", "ask"],
        ["deny", "refuse", "reject"],
        ["permit", "allow", "allowed", "permitted"],
        ["require", "required", "mandatory", "obligated"],
        ["ill", "sick", "illness"],
        ["phone", "mobile", "smartphone", "cellphone"],
        ["email", "mail"],
        ["travel", "trip", "journey"],
        ["foreign", "abroad", "overseas", "international"],
    ];

    private static readonly Dictionary<ulong, ulong> Canonical = Build();

    /// <summary>Returns the term <paramref name="term"/> folds onto (itself when it is in no group).</summary>
    public static ulong Fold(ulong term) => Canonical.TryGetValue(term, out ulong canonical) ? canonical : term;

    /// <summary>Returns the folded terms of <paramref name="terms"/>.</summary>
    public static HashSet<ulong> Fold(HashSet<ulong> terms)
    {
        var folded = new HashSet<ulong>(terms.Count);
        foreach (ulong term in terms)
        {
            folded.Add(Fold(term));
        }

        return folded;
    }

    private static Dictionary<ulong, ulong> Build()
    {
        var map = new Dictionary<ulong, ulong>();
        foreach (string[] group in Groups)
        {
            ulong? head = null;
            foreach (string word in group)
            {
                foreach (ulong term in TermAnalyzer.Terms(word))
                {
                    head ??= term;
                    map.TryAdd(term, head.Value);
                }
            }
        }

        return map;
    }
}
