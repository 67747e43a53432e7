using System.Text;
using System.Text.RegularExpressions;

namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>
/// Reads the outline labels a regulation numbers its paragraphs with ("(c) (1) Standard: Documentation.", "(2) ...",
/// "(ii) ...") and the references a paragraph makes to another of the same section ("as required by paragraph (c)(1) of
/// this section"), so a unit that names its subject only by such a reference can be read with the paragraph it names.
/// </summary>
internal static partial class Outline
{
    /// <summary>The reference's groups below its lettered paragraph, outermost first.</summary>
    private static readonly string[] DeeperLabels = ["n", "r", "A"];

    /// <summary>Updates <paramref name="path"/> (the labels from the outermost level) with the labels <paramref name="unit"/> opens on.</summary>
    public static void Follow(string unit, List<string> path)
    {
        Match labels = LeadingLabels().Match(unit);
        if (!labels.Success)
        {
            return;
        }

        foreach (Capture capture in labels.Groups["label"].Captures)
        {
            string label = capture.Value;
            int level = LevelOf(label, path);
            if (level > path.Count)
            {
                // A level the outline has not opened (a chunk that starts inside a paragraph): the path is unknown above it.
                path.Clear();
                return;
            }

            path.RemoveRange(level, path.Count - level);
            path.Add(label);
        }
    }

    /// <summary>
    /// Returns the path ("c/1") of the one numbered paragraph of the same section <paramref name="unit"/> refers to, if any.
    /// A reference to a whole lettered paragraph ("paragraph (a) of this section") names a standard with all its parts, too
    /// broad to say what the unit is about, and is not read.
    /// </summary>
    public static string? Reference(string unit)
    {
        Match reference = SectionReference().Match(unit);
        if (!reference.Success || !reference.Groups["n"].Success || reference.NextMatch().Success)
        {
            return null;
        }

        // The groups nest: each deeper label is there only when the one above it is.
        var path = new StringBuilder(reference.Groups["a"].Value);
        foreach (string group in DeeperLabels)
        {
            if (!reference.Groups[group].Success)
            {
                break;
            }

            path.Append('/').Append(reference.Groups[group].Value);
        }

        return path.ToString();
    }

    private static int LevelOf(string label, List<string> path)
    {
        if (char.IsAsciiDigit(label[0]))
        {
            return path.Count >= 4 && char.IsUpper(path[3][0]) && (label == "1" || path.Count > 4) ? 4 : 1;
        }

        if (char.IsUpper(label[0]))
        {
            return 3;
        }

        bool roman = label.AsSpan().IndexOfAnyExcept("ivxl") < 0;
        if (roman && label.Length == 1 && path.Count > 0 && path[0].Length == 1 && path[0][0] == label[0] - 1)
        {
            // "(i)" after "(h)" is the next paragraph, not the first roman item.
            return 0;
        }

        return roman ? 2 : 0;
    }

    [GeneratedRegex(@"^\s*(?:\((?<label>[a-z]{1,5}|[0-9]{1,2}|[A-Z])\)\s*)+", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingLabels();

    [GeneratedRegex(@"\bparagraph \((?<a>[a-z])\)(?:\((?<n>[0-9]{1,2})\)(?:\((?<r>[ivxl]{1,5})\)(?:\((?<A>[A-Z])\))?)?)? of this section", RegexOptions.CultureInvariant)]
    private static partial Regex SectionReference();
}
