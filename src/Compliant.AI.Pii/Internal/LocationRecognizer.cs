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
        "Hospital", "Clinic", "Infirmary", "Hospice", "Sanatorium", "Medical Center", "Medical Centre", "Health Center", "Health Centre", "Health Care", "Health", "Healthcare", "Health System", "Medical Group", "Urgent Care", "Rehabilitation Center", "Nursing Home", "Care Center", "Surgical Center", "Cancer Center", "Heart Institute", "Pharmacy",
    };

    /// <summary>What a cue phrase says follows it.</summary>
    internal enum Cue
    {
        /// <summary>A place name ("grew up in", "originally from").</summary>
        Place,

        /// <summary>A place, if the clause says it is a stay ("I am in ... for a business trip").</summary>
        Stay,

        /// <summary>A known place ("travelling to France").</summary>
        Travel,

        /// <summary>A street address ("lives on", "send it to").</summary>
        Address,

        /// <summary>Two streets ("the corner of").</summary>
        Corner,

        /// <summary>A care facility ("seen at", "admitted to").</summary>
        Facility,
    }

    /// <summary>The cue phrases, matched on tokens (<see cref="CuePhrases{TKind}"/>); shared with the person recognizer.</summary>
    internal static readonly CuePhrases<Cue> Cues = new(CueTable());

    private static IEnumerable<(string, Cue)> CueTable()
    {
        foreach (string verb in (string[])["lives", "live", "living", "lived", "resides", "reside", "residing", "grew up", "born", "raised", "based", "located", "headquartered", "stationed", "settled"])
        {
            yield return (verb + " in", Cue.Place);
        }

        foreach (string verb in (string[])["moved", "moved here", "relocated", "came", "came here", "come", "originally", "immigrated", "emigrated"])
        {
            yield return (verb + " from", Cue.Place);
        }

        foreach (string verb in (string[])["flew", "flying", "fly", "moved", "moving", "relocated", "relocating", "emigrated", "immigrated"])
        {
            yield return (verb + " to", Cue.Place);
        }

        foreach (string phrase in (string[])["hometown", "home town", "hometown of", "hometown is", "home city", "home city of", "home city is", "where:", "city of", "town of", "village of", "municipality of", "University of"])
        {
            yield return (phrase, Cue.Place);
        }

        foreach (string phrase in (string[])["I'm in", "I am in", "I'm at", "I am at", "we're in", "we are in", "we're at", "we are at"])
        {
            yield return (phrase, Cue.Stay);
        }

        foreach (string phrase in (string[])["travelling to", "traveling to", "travel to", "travelled to", "traveled to", "trip to", "returned to", "return to", "coming to", "going to", "arrived at", "arrived in", "visit", "visiting", "visited", "year in", "years in", "stay in", "staying in", "stayed in", "vacation in", "holiday in", "back to", "back in"])
        {
            yield return (phrase, Cue.Travel);
        }

        foreach (string phrase in (string[])["address is", "address:", "address is the", "lives on", "live on", "lived on", "living on", "located on", "is on", "are on", "lives at", "live at", "lived at", "living at", "located at", "is at", "are at", "stop at", "meet you at", "drops you off at", "it's in", "it is in"])
        {
            yield return (phrase, Cue.Address);
        }

        foreach (string verb in (string[])["send", "sent", "ship", "shipped", "deliver", "delivered", "mail", "mailed"])
        {
            foreach (string obj in (string[])["", " it", " them", " this", " that", " a new one", " the card", " the package"])
            {
                yield return (verb + obj + " to", Cue.Address);
            }
        }

        yield return ("corner of", Cue.Corner);
        foreach (string verb in (string[])["seen", "treated", "admitted", "evaluated", "assessed", "reviewed", "attended", "visited", "examined", "hospitalized", "hospitalised", "discharged", "transferred", "followed", "followed up", "operated", "diagnosed", "tested", "imaged", "scanned", "screened", "delivered", "vaccinated", "conducted", "performed", "done", "carried out", "residing", "appointment", "admission", "visit", "surgery", "biopsy", "procedure", "report", "results", "records"])
        {
            foreach (string preposition in (string[])["at", "to", "in", "from"])
            {
                yield return (verb + " " + preposition, Cue.Facility);
            }
        }
    }

    /// <summary>Every token that ends a cue phrase, in token order.</summary>
    private static List<(int Token, Cue Kind)> FindCues(string text, List<WordToken> tokens)
    {
        var cues = new List<(int, Cue)>();
        for (int i = 0; i < tokens.Count; i++)
        {
            if (Cues.EndsAt(text, tokens, i, out Cue kind))
            {
                cues.Add((i, kind));
            }
        }

        return cues;
    }

    /// <summary>Where the text after a cue starts: past its colon and spaces, and past "the " when asked.</summary>
    private static int After(string text, List<WordToken> tokens, int cueToken, bool skipArticle)
    {
        int k = tokens[cueToken].End;
        if (k < text.Length && text[k] == ':')
        {
            k++;
        }

        while (k < text.Length && text[k] is ' ' or '\t')
        {
            k++;
        }

        if (skipArticle && cueToken + 1 < tokens.Count && tokens[cueToken + 1].Start == k && text.AsSpan(k, tokens[cueToken + 1].Length) is "the" or "The")
        {
            k = tokens[cueToken + 1].End;
            while (k < text.Length && text[k] == ' ')
            {
                k++;
            }
        }

        return k;
    }

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
        List<WordToken> tokens = WordToken.Tokenize(text);
        List<(int Token, Cue Kind)> cues = FindCues(text, tokens);
        var anchors = new List<(int Start, int End, double Score, string Pattern)>();
        if (digits)
        {
            AddAnchors(text, LocationRegexes.StreetAddress(), 0.85, "street_address", anchors);
            AddAnchors(text, LocationRegexes.Unit(), 0.6, "unit", anchors);
            AddAnchors(text, LocationRegexes.EuropeanStreet(), 0.7, "street_number", anchors);
            AddAnchors(text, LocationRegexes.HouseNumberStreet(), 0.55, "house_number_street", anchors);
            AddAnchors(text, LocationRegexes.MilitaryAddress(), 0.8, "military_address", anchors);
            AddAnchors(text, LocationRegexes.NumberFirstStreet(), 0.75, "number_first_street", anchors);
        }

        CuedStreets(text, tokens, cues, anchors);
        AddAddresses(text, anchors, results);
        if (digits)
        {
            for (Match m = LocationRegexes.LabelledPostalCode().Match(text); m.Success; m = m.NextMatch())
            {
                Group code = m.Groups["code"];
                results.Add(Candidate.Create(PiiEntityTypes.Location, code.Index, code.Index + code.Length, 0.7, Name, "labelled_postal_code"));
            }

            foreach (ValueMatch m in LocationRegexes.Zip().EnumerateMatches(text))
            {
                // "65 FR 82802", "42 U.S.C. 1320": a page or section of a law, not a ZIP code.
                if (!AfterCitationWord(text, m.Index))
                {
                    results.Add(Candidate.Create(PiiEntityTypes.Location, m.Index, m.Index + m.Length, 0.2, Name, "zip"));
                }
            }
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
        Gazetteers(text, tokens, cues, results);
        PlaceCues(text, tokens, cues, results);
        FacilityCues(text, tokens, cues, results);
        return WithoutPartsOfAddresses(results);
    }

    /// <summary>A city or country inside an address block is part of that address: keep only the block.</summary>
    private static List<PiiEntity> WithoutPartsOfAddresses(List<PiiEntity> results)
    {
        List<PiiEntity>? blocks = null;
        foreach (PiiEntity e in results)
        {
            if (e.Explanation?.Pattern?.EndsWith("_block", StringComparison.Ordinal) == true)
            {
                (blocks ??= []).Add(e);
            }
        }

        if (blocks is null)
        {
            return results;
        }

        // Blocks come out of AddAddresses in start order and never overlap: a binary search finds the one that could contain e.
        return results.FindAll(e =>
        {
            int lo = 0, hi = blocks.Count - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                if (blocks[mid].Start <= e.Start)
                {
                    found = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return found < 0 || e.End > blocks[found].End || blocks[found].Length == e.Length;
        });
    }

    /// <summary>
    /// A street named right after an address phrase ("The bus station is on Villacher Strasse 89", "the corner of
    /// Dalbraut 99 and Frederikke Coves", "send a new one to Aqqusinersuaq 176 Pinto Hill"): capitalized words and
    /// at least one number, up to the end of the clause, become an address anchor.
    /// </summary>
    private static void CuedStreets(string text, List<WordToken> tokens, List<(int Token, Cue Kind)> cues, List<(int, int, double, string)> anchors)
    {
        foreach ((int cueToken, Cue kind) in cues)
        {
            if (kind is not (Cue.Address or Cue.Corner))
            {
                continue;
            }

            bool corner = kind == Cue.Corner;
            int start = After(text, tokens, cueToken, skipArticle: true);
            int k = start, end = start, words = 0;
            bool number = false, upperWord = false;
            while (k < text.Length && words < 10)
            {
                int wordStart = k;
                while (k < text.Length && (char.IsLetterOrDigit(text[k]) || (k > wordStart && text[k] is '\'' or '-' or '.' && k + 1 < text.Length && char.IsLetterOrDigit(text[k + 1]))))
                {
                    k++;
                }

                if (k == wordStart)
                {
                    break;
                }

                ReadOnlySpan<char> word = text.AsSpan(wordStart, k - wordStart);
                bool digits = char.IsAsciiDigit(word[0]);
                bool upper = char.IsUpper(word[0]);
                bool joiner = word is "and" or "u" or "ul" or "al" or "str" or "de" or "del" or "la" or "du" or "do" or "da" || (corner && word is "St");
                if (!digits && !upper && !joiner)
                {
                    break;
                }

                if (k < text.Length && text[k] == '.')
                {
                    k++;
                }

                number |= digits;
                upperWord |= upper && !Gazetteer.IsNotName(word);
                words++;
                end = k;
                if (k >= text.Length || text[k] != ' ')
                {
                    break;
                }

                k++;
            }

            // A sentence's full stop is not part of the address; "u. 15." (a Hungarian house number) keeps its own.
            if (end > start + 1 && text[end - 1] == '.' && char.IsLetter(text[end - 2]) && (end - 4 < start || char.IsLetter(text[end - 4])))
            {
                end--;
            }

            if ((number || (corner && StreetWordIn(text, start, end))) && upperWord && words >= 2)
            {
                anchors.Add((start, end, corner ? 0.75 : 0.6, corner ? "street_corner" : "cued_street"));
            }
        }
    }

    private static bool StreetWordIn(string text, int start, int end)
    {
        foreach (string word in text[start..end].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Gazetteer.IsStreetWord(word.TrimEnd('.', ',')))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddAnchors(string text, Regex regex, double score, string pattern, List<(int, int, double, string)> anchors)
    {
        foreach (ValueMatch m in regex.EnumerateMatches(text))
        {
            if ((pattern != "house_number_street" || IsHouseNumberStreet(text, m.Index, m.Length)) && !LegalCitation(text, m.Index, m.Length))
            {
                anchors.Add((m.Index, m.Index + m.Length, score, pattern));
            }
        }
    }

    /// <summary>
    /// Street-address anchors grown into whole postal addresses (<see cref="AddressBlock"/>); anchors inside or right
    /// after a block join it, so one address gives one entity. An anchor with a house number and at least one more
    /// address part (unit, city, region, postal code, country) is strong evidence.
    /// </summary>
    private void AddAddresses(string text, List<(int Start, int End, double Score, string Pattern)> anchors, List<PiiEntity> results)
    {
        anchors.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        int i = 0;
        while (i < anchors.Count)
        {
            (int anchorStart, int anchorEnd, double score, string pattern) = anchors[i];
            (int start, int end, int parts) = AddressBlock.Extend(text, anchorStart, anchorEnd);
            i++;
            while (i < anchors.Count && anchors[i].Start <= end + 2)
            {
                score = Math.Max(score, anchors[i].Score);
                if (anchors[i].End > end)
                {
                    (_, end, int more) = AddressBlock.Extend(text, anchors[i].Start, anchors[i].End);
                    parts += more + 1;
                }

                i++;
            }

            double blockScore = parts switch
            {
                0 when start < anchorStart => Math.Max(score, 0.7),
                0 => score,
                1 => Math.Max(score, 0.85),
                _ => 1.0,
            };
            results.Add(Candidate.Create(PiiEntityTypes.Location, start, end, blockScore, Name, parts > 0 ? pattern + "_block" : pattern));
        }
    }

    private static readonly HashSet<string> CitationWords = new(StringComparer.Ordinal)
    {
        "CFR", "C.F.R", "FR", "Fed", "Reg", "USC", "U.S.C", "U.S", "Stat", "Pub", "Part", "Parts", "Subpart", "Section", "Sec", "Title", "Chapter", "Article", "Art", "Paragraph", "Appendix", "Table", "Figure", "Fig", "Exhibit", "Page",
    };

    /// <summary>Whether the word right before <paramref name="index"/> is a citation word ("FR 82802", "§ 164").</summary>
    private static bool AfterCitationWord(string text, int index)
    {
        int k = index - 1;
        while (k >= 0 && text[k] == ' ')
        {
            k--;
        }

        if (k >= 0 && text[k] == '§')
        {
            return true;
        }

        int e = k + 1;
        while (k >= 0 && (char.IsLetter(text[k]) || text[k] == '.'))
        {
            k--;
        }

        ReadOnlySpan<char> word = text.AsSpan(k + 1, e - k - 1).TrimEnd('.');
        return !word.IsEmpty && CitationWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
    }

    /// <summary>
    /// "45 CFR Part 164", "65 FR 82802", "42 U.S.C. 1320d", "Section 164 Subpart A": a citation of a law or
    /// regulation, not a street address. The number is followed by a reporter or division word, not a street name.
    /// </summary>
    private static bool LegalCitation(string text, int index, int length)
    {
        ReadOnlySpan<char> value = text.AsSpan(index, length);
        int k = 0;
        while (k < value.Length && !char.IsLetter(value[k]) && value[k] != '§')
        {
            k++;
        }

        if (k < value.Length && value[k] == '§')
        {
            return true;
        }

        int e = k;
        while (e < value.Length && (char.IsLetter(value[e]) || value[e] == '.'))
        {
            e++;
        }

        ReadOnlySpan<char> word = value[k..e].TrimEnd('.');
        return !word.IsEmpty && CitationWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
    }

    /// <summary>"6750 Koskikatu 25" but not "2019 March 15" (a date) or "2 Advil 200 mg" (a dose).</summary>
    private static bool IsHouseNumberStreet(string text, int index, int length)
    {
        ReadOnlySpan<char> value = text.AsSpan(index, length).TrimEnd('.');
        ReadOnlySpan<char> words = value[(value.IndexOf(' ') + 1)..value.LastIndexOf(' ')];
        foreach (Range r in words.Split(' '))
        {
            ReadOnlySpan<char> word = words[r].TrimEnd('.');
            if (!word.IsEmpty && Gazetteer.IsNotName(word) && !Gazetteer.IsStreetWord(word))
            {
                return false;
            }
        }

        int k = index + length;
        while (k < text.Length && text[k] == ' ')
        {
            k++;
        }

        ReadOnlySpan<char> next = text.AsSpan(k, Math.Min(8, text.Length - k));
        return !(next.StartsWith("mg", StringComparison.OrdinalIgnoreCase) || next.StartsWith("mcg", StringComparison.OrdinalIgnoreCase) ||
                 next.StartsWith("ml", StringComparison.OrdinalIgnoreCase) || next.StartsWith('%') || next.StartsWith("unit", StringComparison.OrdinalIgnoreCase) ||
                 next.StartsWith("tab", StringComparison.OrdinalIgnoreCase) || next.StartsWith("cap", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// A capitalized name right after a phrase that introduces a place ("grew up in Remniku", "originally from ΕΓΚΩΜΗ",
    /// "flew to LEPPEN", "I am in Sutri for a business trip") is a place even when no gazetteer knows it.
    /// </summary>
    private void PlaceCues(string text, List<WordToken> tokens, List<(int Token, Cue Kind)> cues, List<PiiEntity> results)
    {
        foreach ((int cueToken, Cue kind) in cues)
        {
            if (kind is not (Cue.Place or Cue.Stay))
            {
                continue;
            }

            int start = After(text, tokens, cueToken, skipArticle: false);
            int end = PlacePhraseEnd(text, start);
            if (end <= start)
            {
                continue;
            }

            if (kind == Cue.Stay && !StayCue(text, end))
            {
                continue;
            }

            string phrase = text[start..end];
            if (Gazetteer.IsNotName(phrase) || (Gazetteer.IsGivenName(phrase) && !Gazetteer.IsPlace(phrase)))
            {
                continue;
            }

            results.Add(Candidate.Create(PiiEntityTypes.Location, start, end, Gazetteer.IsPlace(phrase) ? 0.75 : 0.6, Name, "place_cue"));
        }
    }

    /// <summary>
    /// The place where care happened: "seen at Johns Hopkins", "admitted to Cedars-Sinai", "treated at NY Presbyterian",
    /// "residing at Greenfield Senior Center". Capitalized words (with "&amp;", "-", "St.", "'s") up to the next
    /// lower-case word or punctuation. A facility name that looks like a person's ("Johns Hopkins") is still a place here.
    /// </summary>
    private void FacilityCues(string text, List<WordToken> tokens, List<(int Token, Cue Kind)> cues, List<PiiEntity> results)
    {
        foreach ((int cueToken, Cue kind) in cues)
        {
            if (kind != Cue.Facility)
            {
                continue;
            }

            int start = After(text, tokens, cueToken, skipArticle: true);
            int k = start, end = start, words = 0;
            while (k < text.Length && words < 6)
            {
                int wordStart = k;
                while (k < text.Length && (char.IsLetterOrDigit(text[k]) || (k > wordStart && text[k] is '\'' or '\u2019' or '-' or '.' or '&')))
                {
                    k++;
                }

                if (k == wordStart)
                {
                    if (words > 0 && text[k] == '&' && k + 1 < text.Length && text[k + 1] == ' ')
                    {
                        k += 2;
                        continue;
                    }

                    break;
                }

                ReadOnlySpan<char> word = text.AsSpan(wordStart, k - wordStart).TrimEnd('.');
                if (!char.IsUpper(word[0]) && !(words > 0 && word is "of" or "for" or "de"))
                {
                    k = wordStart;
                    break;
                }

                if (char.IsUpper(word[0]))
                {
                    end = wordStart + word.Length;
                    if (end < text.Length && text[end] == '.' && word.Length <= 3)
                    {
                        end++;
                    }
                }

                words++;
                if (k >= text.Length || text[k] != ' ')
                {
                    break;
                }

                k++;
            }

            if (end <= start)
            {
                continue;
            }

            string phrase = text[start..end];
            ReadOnlySpan<char> first = phrase.AsSpan(0, phrase.IndexOf(' ') is > 0 and int sp ? sp : phrase.Length);
            if (Gazetteer.IsNotName(first) || first is "Dr" or "Dr." or "Mr." or "Mrs." or "Ms." || phrase.All(c => char.IsDigit(c) || c == ' '))
            {
                continue;
            }

            results.Add(Candidate.Create(PiiEntityTypes.Location, start, end, 0.92, Name, "care_facility_cue"));
        }
    }

    /// <summary>"I am in Sutri for a business trip": a stay, not "I am in pain".</summary>
    private static bool StayCue(string text, int end)
    {
        int lineEnd = text.IndexOf('\n', end);
        ReadOnlySpan<char> rest = text.AsSpan(end, Math.Min((lineEnd < 0 ? text.Length : lineEnd) - end, 60));
        return rest.StartsWith(",", StringComparison.Ordinal) || rest.Contains(" trip", StringComparison.OrdinalIgnoreCase) || rest.Contains("conference", StringComparison.OrdinalIgnoreCase) ||
               rest.Contains("vacation", StringComparison.OrdinalIgnoreCase) || rest.Contains("holiday", StringComparison.OrdinalIgnoreCase) || rest.Contains("meeting", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>One to four capitalized words (lower-case joining words such as "del" allowed inside); returns the end, or <paramref name="start"/> when none.</summary>
    private static int PlacePhraseEnd(string text, int start)
    {
        int end = start, k = start, words = 0;
        while (words < 4 && k < text.Length)
        {
            int wordStart = k;
            while (k < text.Length && (char.IsLetter(text[k]) || (k > wordStart && text[k] is '\'' or '\u2019' or '-')))
            {
                k++;
            }

            if (k == wordStart)
            {
                break;
            }

            bool upper = char.IsUpper(text[wordStart]);
            if (!upper && !(words > 0 && text.AsSpan(wordStart, k - wordStart) is "del" or "de" or "la" or "da" or "do" or "di" or "nad" or "am" or "an" or "sur" or "upon"))
            {
                break;
            }

            words++;
            if (upper)
            {
                end = k;
            }

            if (k + 1 >= text.Length || text[k] != ' ' || !char.IsLetter(text[k + 1]))
            {
                break;
            }

            k++;
        }

        return end;
    }

    private void Gazetteers(string text, List<WordToken> tokens, List<(int Token, Cue Kind)> cues, List<PiiEntity> results)
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
            int bestEnd = -1;
            int length = 0;
            int j = i;
            for (int n = 0; n < 4 && j < tokens.Count; n++, j++)
            {
                if (n > 0 && (!WordToken.SpaceBetween(text, tokens[j - 1], tokens[j], 1) || (!tokens[j].Capitalized && tokens[j].Word(text) is not ("of" or "and" or "de" or "es" or "el" or "la"))))
                {
                    break;
                }

                ReadOnlySpan<char> word = tokens[j].Word(text);
                if (length + word.Length + 1 > phrase.Length)
                {
                    break;
                }

                if (n > 0)
                {
                    phrase[length++] = ' ';
                }

                word.CopyTo(phrase[length..]);
                length += word.Length;
                if (Gazetteer.IsPlace(phrase[..length]))
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
                while (nextCue < cues.Count && cues[nextCue].Token < i - 1)
                {
                    nextCue++;
                }

                bool cued = nextCue < cues.Count && cues[nextCue].Token == i - 1 && cues[nextCue].Kind == Cue.Travel;

                // "As used in this part", "Mobile devices ...": a one-word place that is also a common word the text
                // writes in lower case elsewhere, or a known non-name opening a sentence, needs a travel cue before it.
                if (bestEnd == i && !cued && ((Gazetteer.IsNotName(single) && OpensSentence(text, t.Start)) || LowercaseWords.Of(text).Contains(single)))
                {
                    Facility(text, tokens, i, results);
                    continue;
                }
                results.Add(Candidate.Create(PiiEntityTypes.Location, t.Start, end, cued ? 0.75 : ambiguous ? 0.3 : 0.65, Name, cued ? "place_gazetteer_cue" : "place_gazetteer"));
                CityLineBefore(text, t.Start, end, results);
                if (!IsFacilityAhead(text, tokens, bestEnd))
                {
                    i = bestEnd;
                    continue;
                }
            }

            Facility(text, tokens, i, results);
        }
    }

    /// <summary>Whether the word at <paramref name="start"/> opens a sentence, a line, a list item or a heading ("As used", "- As a", "(i) As").</summary>
    private static bool OpensSentence(string text, int start)
    {
        int k = start - 1;
        while (k >= 0 && text[k] is ' ' or '\t' or '"' or '\'' or '(' or ')' or '*' or '-' or '#' or '>' or '|' or '\u2014' or '\u2013' || (k >= 0 && char.IsAsciiDigit(text[k])) ||
               (k >= 0 && text[k] is >= 'a' and <= 'z' && k > 0 && text[k - 1] == '(' ))
        {
            k--;
        }

        return k < 0 || text[k] is '.' or '!' or '?' or '\n' or ':' or ';';
    }

    /// <summary>"Chiclana de la Frontera\nSpain": the line right before a line that is only a country is its city.</summary>
    private void CityLineBefore(string text, int placeStart, int placeEnd, List<PiiEntity> results)
    {
        int lineStart = placeStart;
        while (lineStart > 0 && text[lineStart - 1] is ' ' or '\t' or '>')
        {
            lineStart--;
        }

        int lineEnd = placeEnd;
        while (lineEnd < text.Length && text[lineEnd] is ' ' or '\t' or '\r')
        {
            lineEnd++;
        }

        if (lineStart == 0 || text[lineStart - 1] != '\n' || (lineEnd < text.Length && text[lineEnd] != '\n') || !Gazetteer.IsPlace(text.AsSpan(placeStart, placeEnd - placeStart)))
        {
            return;
        }

        int prevEnd = lineStart - 1;
        int prevStart = text.LastIndexOf('\n', Math.Max(0, prevEnd - 1)) + 1;
        if (prevEnd - prevStart is < 3 or > 48)
        {
            return;
        }

        string line = text[prevStart..prevEnd].Trim(' ', '\t', '\r', '>', ',');
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 4 || !words.All(w => char.IsUpper(w[0]) || w is "de" or "del" or "la" or "da" or "do" or "di" or "nad" or "am" or "an" or "sur") ||
            !line.All(c => char.IsLetter(c) || c is ' ' or '-' or '\'' or '.') || Gazetteer.IsNotName(words[0]) ||
            (words.Length >= 2 && Gazetteer.IsGivenName(words[0]) && Gazetteer.IsSurname(words[^1]) && !Gazetteer.IsPlace(line)))
        {
            return;
        }

        int start = text.IndexOf(line, prevStart, StringComparison.Ordinal);
        results.Add(Candidate.Create(PiiEntityTypes.Location, start, placeEnd, 0.75, Name, "city_line_country_line"));
    }

    private static bool IsFacilityAhead(string text, List<WordToken> tokens, int index) =>
        index + 1 < tokens.Count && FacilityWords.ContainsSpan(tokens[index + 1].Word(text));

    /// <summary>"Methodist Hospital", "St. Mary's Health", "UCLA Medical Center": capitalized words ending in a facility word.</summary>
    private void Facility(string text, List<WordToken> tokens, int i, List<PiiEntity> results)
    {
        // Only start a facility at a run start: the previous token is not a capitalized word joined by a space.
        if (i > 0 && tokens[i - 1].Capitalized && WordToken.SpaceBetween(text, tokens[i - 1], tokens[i]))
        {
            return;
        }

        int j = i;
        Span<char> pair = stackalloc char[64];
        for (int n = 0; n < 5 && j < tokens.Count; n++)
        {
            WordToken t = tokens[j];
            ReadOnlySpan<char> word = t.Word(text);
            bool two = j + 1 < tokens.Count && tokens[j + 1].Capitalized && WordToken.SpaceBetween(text, t, tokens[j + 1], 1) && IsTwoWordFacility(word, tokens[j + 1].Word(text), pair);
            if (j > i && t.Capitalized && tokens[i].Word(text) is not ("The" or "A" or "An" or "Our" or "My" or "Your" or "This" or "That") && (FacilityWords.ContainsSpan(word) || two))
            {
                int endToken = two ? j + 1 : j;
                if (NameGoesOn(text, tokens, endToken) || (!two && word is "Health" or "Healthcare" && !AfterPreposition(text, tokens, i)))
                {
                    return;
                }

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

    /// <summary>
    /// "seen at Stanford Health", "from NYU Langone Health": "Health" alone names a place of care only after a
    /// preposition; "Northwind Health employees must ..." is the organisation, not a place.
    /// </summary>
    private static bool AfterPreposition(string text, List<WordToken> tokens, int first)
    {
        int k = first - 1;
        if (k >= 0 && tokens[k].Word(text) is "the")
        {
            k--;
        }

        return k >= 0 && tokens[k].Word(text) is "at" or "to" or "from" or "in" or "by" or "with" or "At" or "To" or "From" or "In";
    }

    /// <summary>
    /// "Northwind Health Partners", "Protected Health Information", "Mercy Hospital Foundation": the capitalized name
    /// goes on past the facility word into another word, so it names an organisation or a thing, not a place of care.
    /// A place after the facility ("Children's Hospital Los Angeles") still ends it.
    /// </summary>
    private static bool NameGoesOn(string text, List<WordToken> tokens, int endToken)
    {
        int next = endToken + 1;
        if (next >= tokens.Count || !tokens[next].Capitalized || !WordToken.SpaceBetween(text, tokens[endToken], tokens[next], 1))
        {
            return false;
        }

        ReadOnlySpan<char> word = tokens[next].Word(text);
        return !FacilityWords.ContainsSpan(word) && !Gazetteer.IsPlace(word) && !(next + 1 < tokens.Count && Gazetteer.IsPlace(text.AsSpan(tokens[next].Start, tokens[next + 1].End - tokens[next].Start)));
    }

    /// <summary>"Medical Center", "Urgent Care": the two words joined by one space, looked up without allocating.</summary>
    private static bool IsTwoWordFacility(ReadOnlySpan<char> first, ReadOnlySpan<char> second, Span<char> buffer)
    {
        int length = first.Length + 1 + second.Length;
        if (length > buffer.Length)
        {
            return false;
        }

        first.CopyTo(buffer);
        buffer[first.Length] = ' ';
        second.CopyTo(buffer[(first.Length + 1)..]);
        return FacilityWords.ContainsSpan(buffer[..length]);
    }
}
