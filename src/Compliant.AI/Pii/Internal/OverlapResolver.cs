namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Resolves overlapping candidates deterministically: the higher score wins; on equal scores the longer span; then the
/// type that comes first in <see cref="TypePriority"/> (checksum-validated types first); then the earlier start.
/// Winners are returned ordered by start and never overlap.
/// </summary>
internal static class OverlapResolver
{
    private static readonly string[] TypePriority =
    [
        PiiEntityTypes.CreditCard, PiiEntityTypes.IbanCode, PiiEntityTypes.UkNhs, PiiEntityTypes.UsSsn, PiiEntityTypes.EmailAddress,
        PiiEntityTypes.Url, PiiEntityTypes.IpAddress, PiiEntityTypes.MedicalRecordNumber, PiiEntityTypes.PhoneNumber,
        PiiEntityTypes.UsBankNumber, PiiEntityTypes.UsPassport, PiiEntityTypes.UsDriverLicense, PiiEntityTypes.SwiftCode,
        PiiEntityTypes.DateTime, PiiEntityTypes.Person, PiiEntityTypes.Location,
    ];

    public static List<PiiEntity> Resolve(List<PiiEntity> candidates)
    {
        if (candidates.Count <= 1)
        {
            return candidates;
        }

        candidates.Sort(static (a, b) =>
        {
            int c = b.Score.CompareTo(a.Score);
            if (c != 0)
            {
                return c;
            }

            c = b.Length.CompareTo(a.Length);
            if (c != 0)
            {
                return c;
            }

            c = Priority(a.Type).CompareTo(Priority(b.Type));
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(a.Type, b.Type);
            return c != 0 ? c : a.Start.CompareTo(b.Start);
        });

        // A bitmap of taken characters: the overlap test costs the candidate's length, so the whole pass stays linear in the text.
        int length = 0;
        foreach (PiiEntity e in candidates)
        {
            length = Math.Max(length, e.End);
        }

        var taken = new System.Collections.BitArray(length);
        var accepted = new List<PiiEntity>();
        foreach (PiiEntity e in candidates)
        {
            bool free = true;
            for (int i = e.Start; i < e.End && free; i++)
            {
                free = !taken[i];
            }

            if (!free)
            {
                continue;
            }

            for (int i = e.Start; i < e.End; i++)
            {
                taken[i] = true;
            }

            accepted.Add(e);
        }

        accepted.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return accepted;
    }

    private static int Priority(string type)
    {
        int i = Array.IndexOf(TypePriority, type);
        return i < 0 ? TypePriority.Length : i;
    }
}
