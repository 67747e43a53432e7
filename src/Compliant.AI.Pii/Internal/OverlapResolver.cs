using System.Buffers;
using System.Collections.Frozen;

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

    private static readonly FrozenDictionary<string, int> Priorities =
        TypePriority.Select(static (t, i) => KeyValuePair.Create(t, i)).ToFrozenDictionary(StringComparer.Ordinal);

    public static List<PiiEntity> Resolve(List<PiiEntity> candidates)
    {
        if (candidates.Count <= 1)
        {
            return candidates;
        }

        // Sort with each candidate's type priority looked up once (the order and the sort algorithm are those of sorting the list itself).
        var ranked = new Ranked[candidates.Count];
        int length = 0;
        for (int i = 0; i < ranked.Length; i++)
        {
            PiiEntity e = candidates[i];
            ranked[i] = new Ranked(e, Priorities.TryGetValue(e.Type, out int p) ? p : TypePriority.Length);
            length = Math.Max(length, e.End);
        }

        ranked.AsSpan().Sort(static (x, y) =>
        {
            PiiEntity a = x.Entity, b = y.Entity;
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

            c = x.Priority.CompareTo(y.Priority);
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(a.Type, b.Type);
            return c != 0 ? c : a.Start.CompareTo(b.Start);
        });

        // A map of taken characters: the overlap test costs the candidate's length, so the whole pass stays linear in the text.
        bool[] taken = ArrayPool<bool>.Shared.Rent(length);
        try
        {
            Array.Clear(taken, 0, length);
            var accepted = new List<PiiEntity>();
            foreach (Ranked r in ranked)
            {
                PiiEntity e = r.Entity;
                Span<bool> span = taken.AsSpan(e.Start, e.End - e.Start);
                if (span.Contains(true))
                {
                    continue;
                }

                span.Fill(true);
                accepted.Add(e);
            }

            accepted.Sort(static (a, b) => a.Start.CompareTo(b.Start));
            return accepted;
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(taken);
        }
    }

    private readonly record struct Ranked(PiiEntity Entity, int Priority);
}
