using System.Text;
using System.Text.Json;

namespace TicketTriage.Training;

/// <summary>One labelled Banking77 query.</summary>
internal sealed record LabelledTicket(string Text, string Category);

/// <summary>
/// Reads the Banking77 train file (RFC 4180 CSV, header <c>text,category</c>) and splits it into a training part and a
/// validation part with a fixed seed, stratified by category. Shared by the trainer and the evaluation tests, so both
/// see the same split; the data itself is read from ../shared/data/banking77 and never copied into the repository.
/// </summary>
internal static class Banking77Data
{
    /// <summary>The seed of the split. Changing it changes which tickets are held out: retrain after.</summary>
    public const int SplitSeed = 2026_12_06;

    /// <summary>The share of each category held out for validation.</summary>
    public const double ValidationShare = 0.15;

    /// <summary>
    /// Finds the dataset: <c>$COMPLIANT_DATA_DIR/banking77</c> when that variable is set, else the first
    /// <c>shared/data/banking77</c> above <paramref name="start"/>; null when absent.
    /// </summary>
    public static string? FindDataDirectory(string start)
    {
        string? env = Environment.GetEnvironmentVariable("COMPLIANT_DATA_DIR");
        if (!string.IsNullOrEmpty(env))
        {
            string fromEnv = Path.Combine(env, "banking77");
            return File.Exists(Path.Combine(fromEnv, "train.csv")) ? fromEnv : null;
        }

        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data", "banking77");
            if (File.Exists(Path.Combine(candidate, "train.csv")))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Reads the 77 intent names in upstream order.</summary>
    public static string[] ReadCategories(string dataDirectory) =>
        JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(dataDirectory, "categories.json")))
        ?? throw new InvalidDataException("categories.json is empty.");

    /// <summary>Reads every row of train.csv.</summary>
    public static List<LabelledTicket> ReadTrain(string dataDirectory)
    {
        var rows = new List<LabelledTicket>();
        using var reader = new StreamReader(Path.Combine(dataDirectory, "train.csv"), Encoding.UTF8);
        bool header = true;
        foreach (List<string> fields in ReadCsv(reader))
        {
            if (header)
            {
                header = false;
                continue;
            }

            if (fields.Count != 2)
            {
                throw new InvalidDataException($"train.csv row {rows.Count + 2} has {fields.Count} fields, expected 2.");
            }

            rows.Add(new LabelledTicket(fields[0], fields[1]));
        }

        return rows;
    }

    /// <summary>Splits stratified by category with <see cref="SplitSeed"/>: returns (train, validation).</summary>
    public static (List<LabelledTicket> Train, List<LabelledTicket> Validation) Split(List<LabelledTicket> rows)
    {
        var random = new Random(SplitSeed);
        var train = new List<LabelledTicket>();
        var validation = new List<LabelledTicket>();
        foreach (IGrouping<string, LabelledTicket> group in rows.GroupBy(r => r.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            LabelledTicket[] items = group.ToArray();
            random.Shuffle(items);
            int held = (int)Math.Round(items.Length * ValidationShare);
            validation.AddRange(items[..held]);
            train.AddRange(items[held..]);
        }

        // Interleave categories so the validation file is not sorted by label.
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(validation));
        return (train, validation);
    }

    private static IEnumerable<List<string>> ReadCsv(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        bool any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            char ch = (char)c;
            any = true;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n' || ch == '\r')
            {
                if (ch == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                fields.Add(field.ToString());
                field.Clear();
                yield return fields;
                fields = new List<string>();
                any = false;
            }
            else
            {
                field.Append(ch);
            }
        }

        if (any)
        {
            fields.Add(field.ToString());
            yield return fields;
        }
    }
}
