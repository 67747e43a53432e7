using Compliant.AI.Text;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// The shape of a person's name: honorifics ("Dr.", "Mrs"), particles inside a name ("van", "bin"), words that end an
/// organisation or a place rather than a name ("... Hospital", "... Street"), surname endings across languages
/// ("-sson", "-ović", "-enko"), and how a run of name-like tokens grows.
/// </summary>
internal static class NameStructure
{
    private static readonly HashSet<string> Honorifics = new(StringComparer.OrdinalIgnoreCase)
    {
        "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Doctor", "Prof", "Professor", "Sir", "Dame", "Madam", "Mme", "Mlle", "Herr", "Frau", "Sr", "Sra", "Srta", "Don", "Dona", "Rev", "Reverend", "Nurse", "Capt", "Captain", "Sgt", "Lt", "Col", "Judge", "Attorney", "Officer", "Det", "Detective",
    };

    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "de", "del", "della", "der", "den", "van", "von", "da", "das", "dos", "di", "du", "la", "le", "bin", "binti", "ibn", "al", "el", "ben", "mac", "ter", "ten",
    };

    private static readonly HashSet<string> NonPersonSuffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Hospital", "Clinic", "Center", "Centre", "Medical", "Health", "Healthcare", "University", "College", "Institute", "Foundation", "School", "Inc", "Corp", "Corporation", "Ltd", "LLC", "Bank", "Group", "Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Drive", "Court", "Way", "Place", "Park", "Square", "County", "City", "State", "Church", "Hall", "Memorial", "Pharmacy", "Labs", "Laboratories", "Insurance", "Partners", "Associates", "Company", "Co", "Syndrome", "Disease", "Test", "Scale", "Score", "Index", "Protocol", "Method", "Award", "Prize", "Act", "Law", "Weekly", "Times", "Day", "Eve", "Statement", "Policy", "Agreement", "Report", "Pleasures", "Boogie", "Song", "Album", "Show", "Series", "Festival", "Conference", "Summit", "Cup", "League", "Championship", "Criteria", "Criterion", "Esophagus", "Angina", "Sign", "Palsy", "Classification", "Rule", "Maneuver", "Procedure", "Operation", "Reflex", "Phenomenon", "Tumor", "Tumour", "Lymphoma", "Ulcer", "Cyst", "Fracture", "Staging", "News", "Post", "Journal", "Magazine", "Airlines", "Airport", "Station", "Island", "Islands", "Mountains", "River", "Lake", "Valley", "Beach", "Bay", "Presbyterian", "Methodist", "Baptist", "Lutheran", "Adventist", "General", "Med", "Ctr", "Hosp", "Medicine", "Regional", "Community", "Permanente", "Langone", "Sinai", "HealthCenter", "Office", "Offices",

        // Organisations, departments and bodies of rules ("Human Resources", "Security Rules", "Veterans Affairs").
        "Resources", "Rules", "Regulations", "Standards", "Provisions", "Requirements", "Services", "Service", "Systems", "Solutions", "Technologies", "Holdings", "Department", "Dept", "Agency", "Administration", "Bureau", "Division", "Committee", "Council", "Board", "Commission", "Authority", "Team", "Program", "Programme", "Fund", "Trust", "Network", "Alliance", "Federation", "Union", "Society", "Affairs", "Relations", "Operations", "Counsel", "Plan", "Plans", "Leave",
    };

    private static readonly string[] SurnameEndings =
        ["sson", "sdottir", "sdóttir", "dóttir", "dottir", "ović", "ovic", "ević", "evic", "ić", "ič", "ovich", "evich", "ovna", "evna", "enko", "escu", "opoulos", "poulos", "akis", "idis", "shvili", "idze", "oglu", "oğlu", "ová", "ski", "ska", "sky", "ckí", "cki", "cka", "czyk", "wicz", "ov", "ova", "ev", "eva", "yan", "sen", "nen", "inen", "ainen"];

    /// <summary>"Dr", "Mrs", "Professor" (any case; without the full stop).</summary>
    public static bool IsHonorific(ReadOnlySpan<char> word) => Honorifics.ContainsSpan(word);

    /// <summary>"van", "bin", "de": a lower-case word that may stand between the parts of a name.</summary>
    public static bool IsParticle(ReadOnlySpan<char> word) => Particles.ContainsSpan(word);

    /// <summary>"Hospital", "Street", "Syndrome", "Services": a word that ends an organisation, a place or a thing, not a person's name.</summary>
    public static bool IsNonPersonSuffix(ReadOnlySpan<char> word) => NonPersonSuffixes.ContainsSpan(word);

    /// <summary>
    /// The last token of the run of name-like tokens that starts at <paramref name="first"/>: up to five tokens separated
    /// by single spaces, a particle allowed between two of them ("Ludwig van Beethoven"); a possessive ends the run.
    /// </summary>
    public static int RunEnd(string text, List<WordToken> tokens, int first)
    {
        int j = first;
        while (j + 1 < tokens.Count && j - first < 4 && !NameTokens.Possessive(text, tokens[j]))
        {
            WordToken next = tokens[j + 1];
            if (WordToken.SpaceBetween(text, tokens[j], next) && NameTokens.IsNameLike(text, next))
            {
                j++;
            }
            else if (j + 2 < tokens.Count && IsParticle(text.AsSpan(next.Start, next.Length)) &&
                WordToken.SpaceBetween(text, tokens[j], next) && WordToken.SpaceBetween(text, next, tokens[j + 2]) && NameTokens.IsNameLike(text, tokens[j + 2]))
            {
                j += 2;
            }
            else
            {
                break;
            }
        }

        return j;
    }

    /// <summary>Endings that mark a surname in many languages ("Einarsson", "Jeknić", "Vizirov", "Sedláčková", "Rintanen").</summary>
    public static bool SurnameMorphology(ReadOnlySpan<char> word)
    {
        if (word.Length < 5 || !char.IsUpper(word[0]) || Gazetteer.IsNotName(word))
        {
            return false;
        }

        foreach (string ending in SurnameEndings)
        {
            if (word.EndsWith(ending, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
