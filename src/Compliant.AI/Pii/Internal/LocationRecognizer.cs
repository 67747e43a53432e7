using System.Text.RegularExpressions;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Locations: US street addresses (with unit, city, state and ZIP when present), "City, ST 12345", units and PO boxes,
/// ZIP codes near a context word, place names from an embedded gazetteer (countries, US states, major cities), and
/// care-facility names ("Methodist Hospital", "Bellevue Clinic").
/// </summary>
internal sealed class LocationRecognizer : PiiRecognizer
{
    private static readonly string[] Types = [PiiEntityTypes.Location];
    private static readonly string[] Context =
        ["address", "addr", "street", "lives", "live", "living", "lived", "resides", "resident", "located", "location", "city", "town", "state", "country", "zip", "zipcode", "postal", "postcode", "from", "in", "at", "near", "moved", "born", "home", "visiting", "travel", "traveled", "headquartered"];

    private static readonly HashSet<string> FacilityWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Hospital", "Clinic", "Infirmary", "Hospice", "Sanatorium", "Medical Center", "Medical Centre", "Health Center", "Health Centre", "Health", "Healthcare", "Health System", "Medical Group", "Urgent Care", "Rehabilitation Center", "Nursing Home", "Care Center", "Surgical Center", "Cancer Center", "Heart Institute", "Pharmacy",
    };

    public LocationRecognizer()
        : base("LocationRecognizer")
    {
    }

    public override IReadOnlyCollection<string> SupportedEntityTypes => Types;

    public override IReadOnlyList<string> ContextWords => Context;

    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken)
    {
        var results = new List<PiiEntity>();
        bool digits = text.AsSpan().IndexOfAnyInRange('0', '9') >= 0;
        if (digits)
        {
            AddAll(text, LocationRegexes.StreetAddress(), 0.85, "street_address", results);
            AddAll(text, LocationRegexes.Unit(), 0.6, "unit", results);
            AddAll(text, LocationRegexes.EuropeanStreet(), 0.7, "street_number", results);
            AddAll(text, LocationRegexes.MilitaryAddress(), 0.8, "military_address", results);
            AddAll(text, LocationRegexes.NumberFirstStreet(), 0.75, "number_first_street", results);
            AddAll(text, LocationRegexes.Zip(), 0.2, "zip", results);
        }

        cancellationToken.ThrowIfCancellationRequested();
        for (Match m = LocationRegexes.CityStateZip().Match(text); m.Success; m = m.NextMatch())
        {
            // "Jane Roe, MD" and "Smith, PA" are credentials after a name, not places.
            string state = m.Groups["state"].Value;
            string city = text[m.Index..m.Groups["state"].Index].TrimEnd(' ', ',');
            int space = city.LastIndexOf(' ');
            string lastWord = space >= 0 ? city[(space + 1)..] : city;
            if (state is "MD" or "PA" or "DO" or "ME" or "OR" or "IN" && (Gazetteer.IsSurname(lastWord) || Gazetteer.IsGivenName(lastWord)))
            {
                continue;
            }

            bool hasZip = m.Index + m.Length > m.Groups["state"].Index + 2;
            results.Add(Candidate.Create(PiiEntityTypes.Location, m.Index, m.Index + m.Length, hasZip ? 0.85 : 0.7, Name, "city_state_zip"));
        }

        cancellationToken.ThrowIfCancellationRequested();
        Gazetteers(text, results);
        return results;
    }

    private void AddAll(string text, Regex regex, double score, string pattern, List<PiiEntity> results)
    {
        for (Match m = regex.Match(text); m.Success; m = m.NextMatch())
        {
            results.Add(Candidate.Create(PiiEntityTypes.Location, m.Index, m.Index + m.Length, score, Name, pattern));
        }
    }

    private void Gazetteers(string text, List<PiiEntity> results)
    {
        List<WordToken> tokens = WordToken.Tokenize(text);
        for (int i = 0; i < tokens.Count; i++)
        {
            WordToken t = tokens[i];
            if (!t.Capitalized)
            {
                continue;
            }

            // Longest place phrase starting here (up to four words).
            int bestEnd = -1;
            string phrase = string.Empty;
            int j = i;
            for (int n = 0; n < 4 && j < tokens.Count; n++, j++)
            {
                if (n > 0 && (!WordToken.SpaceBetween(text, tokens[j - 1], tokens[j], 1) || (!tokens[j].Capitalized && tokens[j].Word(text) is not ("of" or "and" or "de" or "es" or "el" or "la"))))
                {
                    break;
                }

                phrase = n == 0 ? t.Word(text).ToString() : phrase + " " + tokens[j].Word(text).ToString();
                if (Gazetteer.IsPlace(phrase))
                {
                    bestEnd = j;
                }
            }

            if (bestEnd >= 0)
            {
                WordToken last = tokens[bestEnd];
                int end = last.Start + last.Word(text).Length;
                ReadOnlySpan<char> single = t.Word(text);
                if (bestEnd == i && t.AllCaps && t.Length < 5)
                {
                    continue;
                }

                bool ambiguous = bestEnd == i && (Gazetteer.IsGivenName(single) || Gazetteer.IsSurname(single) || Gazetteer.IsNotName(single));
                results.Add(Candidate.Create(PiiEntityTypes.Location, t.Start, end, ambiguous ? 0.3 : 0.65, Name, "place_gazetteer"));
                if (!IsFacilityAhead(text, tokens, bestEnd))
                {
                    i = bestEnd;
                    continue;
                }
            }

            Facility(text, tokens, i, results);
        }
    }

    private static bool IsFacilityAhead(string text, List<WordToken> tokens, int index) =>
        index + 1 < tokens.Count && FacilityWords.Contains(tokens[index + 1].Word(text).ToString());

    /// <summary>"Methodist Hospital", "St. Mary's Health", "UCLA Medical Center": capitalized words ending in a facility word.</summary>
    private void Facility(string text, List<WordToken> tokens, int i, List<PiiEntity> results)
    {
        // Only start a facility at a run start: the previous token is not a capitalized word joined by a space.
        if (i > 0 && tokens[i - 1].Capitalized && WordToken.SpaceBetween(text, tokens[i - 1], tokens[i]))
        {
            return;
        }

        int j = i;
        for (int n = 0; n < 5 && j < tokens.Count; n++)
        {
            WordToken t = tokens[j];
            string word = t.Word(text).ToString();
            bool two = j + 1 < tokens.Count && FacilityWords.Contains(word + " " + tokens[j + 1].Word(text).ToString()) && WordToken.SpaceBetween(text, t, tokens[j + 1], 1);
            if (j > i && (FacilityWords.Contains(word) || two))
            {
                int endToken = two ? j + 1 : j;
                results.Add(Candidate.Create(PiiEntityTypes.Location, tokens[i].Start, tokens[endToken].End, 0.6, Name, "facility"));
                return;
            }

            if (!t.Capitalized || (j + 1 < tokens.Count && !WordToken.SpaceBetween(text, t, tokens[j + 1], 1) && !(text[t.End - 1] == '.' || (t.End < text.Length && text[t.End] == '.'))))
            {
                return;
            }

            j++;
        }
    }
}
