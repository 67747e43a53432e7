namespace Compliant.AI.Pii.Internal;

/// <summary>
/// People's names from capitalized word runs: a gazetteer of given names and surnames across many cultures (embedded,
/// authored here), honorifics ("Dr.", "Mrs."), initials ("Anna S.", "J. Smith") and context ("patient:", "Dear",
/// "Thanks,\nMaria"). Runs ending in an organization or place word ("... Hospital", "... Street") are not names.
/// </summary>
internal sealed class PersonRecognizer : PiiRecognizer
{
    private static readonly string[] Types = [PiiEntityTypes.Person];
    private static readonly string[] Context =
        ["patient", "pt", "name", "named", "dear", "signed", "thanks", "thank", "regards", "sincerely", "cheers", "contact", "son", "daughter", "wife", "husband", "mother", "father", "spouse", "sister", "brother", "client", "customer", "member", "employee", "by", "seen", "treated", "referred", "hi", "hello", "attn", "cc", "mr", "mrs", "ms", "dr", "caller", "user", "applicant", "guardian", "parent", "child", "friend", "colleague", "manager", "agent", "witness", "victim", "suspect", "author", "written", "said", "says", "told", "asked", "met", "called"];

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
        "Hospital", "Clinic", "Center", "Centre", "Medical", "Health", "Healthcare", "University", "College", "Institute", "Foundation", "School", "Inc", "Corp", "Corporation", "Ltd", "LLC", "Bank", "Group", "Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Drive", "Court", "Way", "Place", "Park", "Square", "County", "City", "State", "Church", "Hall", "Memorial", "Pharmacy", "Labs", "Laboratories", "Insurance", "Partners", "Associates", "Company", "Co", "Syndrome", "Disease", "Test", "Scale", "Score", "Index", "Protocol", "Method", "Award", "Prize", "Act", "Law", "Weekly", "Times", "Day", "Eve", "Statement", "Policy", "Agreement", "Report", "Pleasures", "Boogie", "Song", "Album", "Show", "Series", "Festival", "Conference", "Summit", "Cup", "League", "Championship", "Criteria", "Criterion", "Esophagus", "Angina", "Sign", "Palsy", "Classification", "Rule", "Maneuver", "Procedure", "Operation", "Reflex", "Phenomenon", "Tumor", "Tumour", "Lymphoma", "Ulcer", "Cyst", "Fracture", "Staging", "News", "Post", "Journal", "Magazine", "Airlines", "Airport", "Station", "Island", "Islands", "Mountains", "River", "Lake", "Valley", "Beach", "Bay",
    };

    public PersonRecognizer()
        : base("PersonRecognizer")
    {
    }

    public override IReadOnlyCollection<string> SupportedEntityTypes => Types;

    public override IReadOnlyList<string> ContextWords => Context;

    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken)
    {
        List<WordToken> tokens = WordToken.Tokenize(text);
        var results = new List<PiiEntity>();
        int i = 0;
        while (i < tokens.Count)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!IsNameLike(text, tokens[i]))
            {
                i++;
                continue;
            }

            // Grow a run of name-like tokens separated by single spaces (particles allowed inside).
            int j = i;
            while (j + 1 < tokens.Count && j - i < 4)
            {
                WordToken next = tokens[j + 1];
                if (WordToken.SpaceBetween(text, tokens[j], next) && IsNameLike(text, next))
                {
                    j++;
                }
                else if (j + 2 < tokens.Count && Particles.Contains(text.Substring(next.Start, next.Length)) &&
                    WordToken.SpaceBetween(text, tokens[j], next) && WordToken.SpaceBetween(text, next, tokens[j + 2]) && IsNameLike(text, tokens[j + 2]))
                {
                    j += 2;
                }
                else
                {
                    break;
                }
            }

            Score(text, tokens, i, j, results);
            i = j + 1;
        }

        return results;
    }

    private static bool IsNameLike(string text, WordToken t)
    {
        if (!t.Capitalized)
        {
            return false;
        }

        if (t.AllCaps)
        {
            // Acronyms (CHA2DS2-VASc, DAS28) are not names: an all-caps word needs four letters and the gazetteer.
            ReadOnlySpan<char> w = t.Word(text);
            return w.Length >= 4 && (Gazetteer.IsGivenName(w) || Gazetteer.IsSurname(w));
        }

        return true;
    }

    private void Score(string text, List<WordToken> tokens, int first, int last, List<PiiEntity> results)
    {
        // An honorific just before the run ("Dr. ", "Mrs ") makes a name; an honorific as the run's first token too.
        bool honorific = false;
        if (first > 0 && Honorifics.Contains(tokens[first - 1].Word(text).ToString()) && WordToken.SpaceBetween(text, tokens[first - 1], tokens[first]))
        {
            honorific = true;
        }

        for (int k = last - 1; k >= first; k--)
        {
            if (!tokens[k].Initial && Honorifics.Contains(tokens[k].Word(text).ToString()))
            {
                honorific = true;
                first = k + 1;
                break;
            }
        }

        // Trim leading and trailing words that are not names ("The", "Patient", "Monday").
        while (first <= last && IsPlainWord(text, tokens[first]) && !(first < last && Gazetteer.IsGivenName(tokens[first].Word(text))))
        {
            first++;
        }

        if (first > last)
        {
            return;
        }

        // "... Hospital", "... Street", "St. Mary's": an organization or a place, not a person.
        int after = last + 1;
        if (NonPersonSuffixes.Contains(tokens[last].Word(text).ToString()) ||
            (after < tokens.Count && WordToken.SpaceBetween(text, tokens[last], tokens[after]) && NonPersonSuffixes.Contains(tokens[after].Word(text).ToString())) ||
            (first > 0 && tokens[first - 1].Word(text) is "St" or "Saint" or "Mt" or "Mount" && WordToken.SpaceBetween(text, tokens[first - 1], tokens[first])))
        {
            return;
        }

        while (last > first && IsPlainWord(text, tokens[last]) && !Gazetteer.IsSurname(tokens[last].Word(text)))
        {
            last--;
        }

        int count = last - first + 1;
        if (count == 1 && tokens[first].AllCaps && !honorific)
        {
            return;
        }

        WordToken head = tokens[first], tail = tokens[last];
        bool headGiven = Gazetteer.IsGivenName(head.Word(text));
        bool headPlain = IsPlainWord(text, head);
        bool tailSurname = Gazetteer.IsSurname(tail.Word(text));
        bool anyKnown = false, allPlainOrInitial = true;
        for (int k = first; k <= last; k++)
        {
            ReadOnlySpan<char> w = tokens[k].Word(text);
            anyKnown |= Gazetteer.IsGivenName(w) || Gazetteer.IsSurname(w);
            allPlainOrInitial &= tokens[k].Initial || IsPlainWord(text, tokens[k]);
        }

        double score;
        string pattern;
        if (honorific)
        {
            (score, pattern) = (0.85, "honorific");
        }
        else if (count >= 2 && headGiven && tailSurname)
        {
            (score, pattern) = (0.9, "given_surname");
        }
        else if (count >= 2 && headGiven && tail.Initial)
        {
            (score, pattern) = (0.8, "given_initial");
        }
        else if (count >= 2 && head.Initial && tailSurname)
        {
            (score, pattern) = (0.8, "initial_surname");
        }
        else if (count >= 2 && headGiven && !headPlain)
        {
            (score, pattern) = (0.75, "given_capitalized");
        }
        else if (count >= 2 && tailSurname && !allPlainOrInitial)
        {
            (score, pattern) = (0.65, "capitalized_surname");
        }
        else if (count >= 2 && headGiven)
        {
            (score, pattern) = (0.5, "common_word_given");
        }
        else if (count == 1 && headGiven && !headPlain)
        {
            (score, pattern) = (0.55, "given_name");
        }
        else if (count == 1 && Gazetteer.IsSurname(head.Word(text)) && !headPlain)
        {
            // A lone surname mid-sentence is usually a person; at a sentence start it may be any capitalized word.
            (score, pattern) = (SentenceStart(text, head.Start) ? 0.35 : 0.5, "surname");
        }
        else if (count >= 2 && !allPlainOrInitial && !anyKnown && count <= 3)
        {
            (score, pattern) = (0.3, "capitalized_run");
        }
        else if (count == 1 && headGiven)
        {
            (score, pattern) = (0.2, "ambiguous_given_name");
        }
        else
        {
            return;
        }

        int end = tail.Initial ? tail.End : tail.Start + tail.Word(text).Length;
        results.Add(Candidate.Create(PiiEntityTypes.Person, head.Start, end, score, Name, pattern, "gazetteer"));
    }

    private static bool SentenceStart(string text, int start)
    {
        int k = start - 1;
        while (k >= 0 && text[k] is ' ' or '\t' or '"' or '\'' or '(')
        {
            k--;
        }

        return k < 0 || text[k] is '.' or '!' or '?' or '\n' or ':';
    }

    private static bool IsPlainWord(string text, WordToken t) => !t.Initial && Gazetteer.IsNotName(t.Word(text));
}
