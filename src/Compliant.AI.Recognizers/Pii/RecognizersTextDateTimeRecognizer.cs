using System.Collections.Concurrent;
using Microsoft.Recognizers.Text;
using MrtDateTimeRecognizer = Microsoft.Recognizers.Text.DateTime.DateTimeRecognizer;

namespace Compliant.AI;

/// <summary>
/// Finds written dates and times with Microsoft.Recognizers.Text ("the third of March", "next Tuesday at 5", other
/// cultures) — only inside short windows around cheap pre-filter hits (month or weekday names, digit groups with date
/// separators), so the cost stays linear in the text length even though the library's own cost is superlinear.
/// </summary>
/// <remarks>Thread-safe: each thread uses its own model instance. Durations, recurring sets and bare years are not reported.</remarks>
public sealed class RecognizersTextDateTimeRecognizer : PiiRecognizer
{
    /// <summary>The largest window handed to Microsoft.Recognizers.Text.</summary>
    public const int MaxWindow = 160;

    private static readonly string[] Types = [PiiEntityTypes.DateTime];
    private static readonly string[] Keywords =
    [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
        "today", "tomorrow", "yesterday", "tonight", "noon", "midnight", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
        "septiembre", "octubre", "noviembre", "diciembre", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ];

    private readonly string _culture;
    private readonly ConcurrentBag<IModel> _models = [];
    private readonly double _score;

    /// <summary>Initializes a new instance of the <see cref="RecognizersTextDateTimeRecognizer"/> class.</summary>
    /// <param name="culture">A Microsoft.Recognizers.Text culture, for example <c>en-us</c> (<see cref="Culture.English"/>) or <c>es-es</c>.</param>
    /// <param name="score">The score of a date found.</param>
    public RecognizersTextDateTimeRecognizer(string culture = Culture.English, double score = 0.65)
        : base("RecognizersTextDateTimeRecognizer")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(culture);
        _culture = culture;
        _score = score;
    }

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedEntityTypes => Types;

    /// <inheritdoc />
    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var results = new List<PiiEntity>();
        IModel model = Rent();
        try
        {
            int covered = 0;
            foreach (int hit in Hits(text))
            {
                if (hit < covered)
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                int start = Math.Max(covered, hit - (MaxWindow / 2));
                int end = Math.Min(text.Length, start + MaxWindow);
                (start, end) = (AlignStart(text, start, hit), AlignEnd(text, end));
                if (end <= start)
                {
                    continue;
                }

                string window = text[start..end];
                foreach (ModelResult r in model.Parse(window))
                {
                    if (r.TypeName is null || r.TypeName.Contains("duration", StringComparison.Ordinal) || r.TypeName.Contains("set", StringComparison.Ordinal) ||
                        (r.Text.Length == 4 && r.Text.All(char.IsAsciiDigit)) || r.Text.All(char.IsAsciiDigit))
                    {
                        continue;
                    }

                    int s = start + r.Start, e = start + r.End + 1;
                    if (s >= start && e <= end && e > s)
                    {
                        results.Add(new PiiEntity(PiiEntityTypes.DateTime, s, e, _score)
                        {
                            Explanation = new PiiExplanation(Name) { Pattern = r.TypeName, OriginalScore = _score },
                        });
                    }
                }

                covered = end;
            }
        }
        finally
        {
            _models.Add(model);
        }

        return results;
    }

    private IModel Rent() => _models.TryTake(out IModel? model) ? model : new MrtDateTimeRecognizer(_culture).GetDateTimeModel();

    /// <summary>Cheap pre-filter: positions of month/weekday words and of digit groups joined by a date separator.</summary>
    private static IEnumerable<int> Hits(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsAsciiDigit(c) && i + 2 < text.Length && text[i + 1] is '/' or '-' or '.' or ':' && char.IsAsciiDigit(text[i + 2]))
            {
                yield return i;
            }
            else if (char.IsLetter(c) && (i == 0 || !char.IsLetter(text[i - 1])))
            {
                int j = i;
                while (j < text.Length && char.IsLetter(text[j]) && j - i < 12)
                {
                    j++;
                }

                ReadOnlySpan<char> word = text.AsSpan(i, j - i);
                foreach (string k in Keywords)
                {
                    if (word.StartsWith(k, StringComparison.OrdinalIgnoreCase) && (k.Length > 3 || word.Length <= 9))
                    {
                        yield return i;
                        break;
                    }
                }

                i = j;
            }
        }
    }

    private static int AlignStart(string text, int start, int hit)
    {
        while (start > 0 && start < hit && !char.IsWhiteSpace(text[start - 1]))
        {
            start++;
        }

        return start;
    }

    private static int AlignEnd(string text, int end)
    {
        int e = end;
        while (e < text.Length && e > end - 20 && !char.IsWhiteSpace(text[e - 1]))
        {
            e--;
        }

        return e < text.Length && e <= end - 20 ? end : e;
    }
}
