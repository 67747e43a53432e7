using System.Text.RegularExpressions;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Postal codes outside a street address: a code after its label ("ZIP: 3520", 0.7), a bare five-digit ZIP (0.2, not
/// after a citation word such as "FR 82802"), and "City, ST 12345" (0.85 with the ZIP, 0.7 without; not "Jane Roe, MD").
/// </summary>
internal static class PostalCodes
{
    /// <summary>Adds labelled postal codes, then bare ZIP codes (call only when the text has digits).</summary>
    public static void AddCodes(string text, List<PiiEntity> results, string recognizer)
    {
        for (Match m = LocationRegexes.LabelledPostalCode().Match(text); m.Success; m = m.NextMatch())
        {
            Group code = m.Groups["code"];
            results.Add(Candidate.Create(PiiEntityTypes.Location, code.Index, code.Index + code.Length, 0.7, recognizer, "labelled_postal_code"));
        }

        foreach (ValueMatch m in LocationRegexes.Zip().EnumerateMatches(text))
        {
            // "65 FR 82802", "42 U.S.C. 1320": a page or section of a law, not a ZIP code.
            if (!LegalCitations.IsAfterCitationWord(text, m.Index))
            {
                results.Add(Candidate.Create(PiiEntityTypes.Location, m.Index, m.Index + m.Length, 0.2, recognizer, "zip"));
            }
        }
    }

    /// <summary>Adds "City, ST" and "City, ST 12345".</summary>
    public static void AddCityStateZip(string text, List<PiiEntity> results, string recognizer)
    {
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
            results.Add(Candidate.Create(PiiEntityTypes.Location, m.Index, m.Index + m.Length, hasZip ? 0.85 : 0.7, recognizer, "city_state_zip"));
        }
    }
}
