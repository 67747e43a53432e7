using Compliant.AI.Text;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Locations: US street addresses (with unit, city, state and ZIP when present), "City, ST 12345", units and PO boxes,
/// ZIP codes near a context word, place names from an embedded gazetteer (countries, US states, major cities), and
/// care-facility names ("Methodist Hospital", "Bellevue Clinic").
/// </summary>
/// <remarks>
/// This type only runs the parts in order; each concern lives in its own type: <see cref="LocationCues"/> (cue
/// phrases), <see cref="StreetAnchors"/> and <see cref="LegalCitations"/> (street-address evidence),
/// <see cref="AddressAssembler"/> with <see cref="AddressBlock"/> (whole address blocks), <see cref="PostalCodes"/>,
/// <see cref="PlaceNames"/> (gazetteer and cued places) and <see cref="CareFacilities"/>.
/// </remarks>
internal sealed class LocationRecognizer : PiiRecognizer
{
    private static readonly string[] Types = [PiiEntityTypes.Location];
    private static readonly string[] Context =
        ["address", "addr", "street", "lives", "live", "living", "lived", "resides", "resident", "located", "location", "city", "town", "state", "country", "zip", "zipcode", "postal", "postcode", "from", "in", "at", "near", "moved", "born", "home", "visiting", "travel", "traveled", "headquartered"];

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
        List<WordToken> tokens = ScanCache.Tokens(text);
        List<(int Token, LocationCue Kind)> cues = LocationCues.FindAll(text, tokens);
        List<AddressAnchor> anchors = StreetAnchors.Find(text, tokens, cues, digits);
        AddressAssembler.AddBlocks(text, anchors, results, Name);
        if (digits)
        {
            PostalCodes.AddCodes(text, results, Name);
        }

        cancellationToken.ThrowIfCancellationRequested();
        PostalCodes.AddCityStateZip(text, results, Name);
        cancellationToken.ThrowIfCancellationRequested();
        NamedPlaces(text, tokens, cues, results);
        PlaceNames.AddCued(text, tokens, cues, results, Name);
        CareFacilities.AddCued(text, tokens, cues, results, Name);
        return AddressAssembler.WithoutPartsOfBlocks(results);
    }

    /// <summary>
    /// At each capitalized token, the longest gazetteer place (scored by its cue and ambiguity) with the city line
    /// above it; where no place starts, or a facility word follows the place, a care facility.
    /// </summary>
    private void NamedPlaces(string text, List<WordToken> tokens, List<(int Token, LocationCue Kind)> cues, List<PiiEntity> results)
    {
        int nextCue = 0;
        Span<char> phrase = stackalloc char[64];
        for (int i = 0; i < tokens.Count; i++)
        {
            WordToken t = tokens[i];
            if (!t.Capitalized)
            {
                continue;
            }

            // Longest place phrase starting here (up to four words), built in a buffer without allocating.
            int bestEnd = PlaceNames.LongestAt(text, tokens, i, phrase);
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
                while (nextCue < cues.Count && cues[nextCue].Token < i - 1)
                {
                    nextCue++;
                }

                bool cued = nextCue < cues.Count && cues[nextCue].Token == i - 1 && cues[nextCue].Kind == LocationCue.Travel;

                // A place cue ("flew to", "moved from") also vouches for a common word being a place ("flew to Split").
                bool placeCued = cued || (nextCue < cues.Count && cues[nextCue].Token == i - 1 && cues[nextCue].Kind == LocationCue.Place);

                // "As used in this part", "Mobile devices ...": a one-word place that is also a common word the text
                // writes in lower case elsewhere, or a known non-name opening a sentence, needs a travel cue before it.
                if (bestEnd == i && !placeCued && ((Gazetteer.IsNotName(single) && PlaceNames.OpensSentence(text, t.Start)) || LowercaseWords.Of(text).Contains(single)))
                {
                    CareFacilities.AddAt(text, tokens, i, results, Name);
                    continue;
                }

                results.Add(Candidate.Create(PiiEntityTypes.Location, t.Start, end, placeCued ? 0.75 : ambiguous ? 0.3 : 0.65, Name, placeCued ? "place_gazetteer_cue" : "place_gazetteer"));
                PlaceNames.AddCityLineBefore(text, t.Start, end, results, Name);
                if (!CareFacilities.IsFacilityAhead(text, tokens, bestEnd))
                {
                    i = bestEnd;
                    continue;
                }
            }

            CareFacilities.AddAt(text, tokens, i, results, Name);
        }
    }
}
