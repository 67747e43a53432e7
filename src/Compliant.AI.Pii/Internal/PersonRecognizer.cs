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
        "Hospital", "Clinic", "Center", "Centre", "Medical", "Health", "Healthcare", "University", "College", "Institute", "Foundation", "School", "Inc", "Corp", "Corporation", "Ltd", "LLC", "Bank", "Group", "Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Drive", "Court", "Way", "Place", "Park", "Square", "County", "City", "State", "Church", "Hall", "Memorial", "Pharmacy", "Labs", "Laboratories", "Insurance", "Partners", "Associates", "Company", "Co", "Syndrome", "Disease", "Test", "Scale", "Score", "Index", "Protocol", "Method", "Award", "Prize", "Act", "Law", "Weekly", "Times", "Day", "Eve", "Statement", "Policy", "Agreement", "Report", "Pleasures", "Boogie", "Song", "Album", "Show", "Series", "Festival", "Conference", "Summit", "Cup", "League", "Championship", "Criteria", "Criterion", "Esophagus", "Angina", "Sign", "Palsy", "Classification", "Rule", "Maneuver", "Procedure", "Operation", "Reflex", "Phenomenon", "Tumor", "Tumour", "Lymphoma", "Ulcer", "Cyst", "Fracture", "Staging", "News", "Post", "Journal", "Magazine", "Airlines", "Airport", "Station", "Island", "Islands", "Mountains", "River", "Lake", "Valley", "Beach", "Bay", "Presbyterian", "Methodist", "Baptist", "Lutheran", "Adventist", "General", "Med", "Ctr", "Hosp", "Medicine", "Regional", "Community", "Permanente", "Langone", "Sinai", "HealthCenter", "Office", "Offices",

        // Organisations, departments and bodies of rules ("Human Resources", "Security Rules", "Veterans Affairs").
        "Resources", "Rules", "Regulations", "Standards", "Provisions", "Requirements", "Services", "Service", "Systems", "Solutions", "Technologies", "Holdings", "Department", "Dept", "Agency", "Administration", "Bureau", "Division", "Committee", "Council", "Board", "Commission", "Authority", "Team", "Program", "Programme", "Fund", "Trust", "Network", "Alliance", "Federation", "Union", "Society", "Affairs", "Relations", "Operations", "Counsel", "Plan", "Plans", "Leave",
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
        var runs = new List<(int First, int Last, int Result)>();
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

            // Grow a run of name-like tokens separated by single spaces (particles allowed inside); a possessive ends it.
            int j = i;
            while (j + 1 < tokens.Count && j - i < 4 && !Possessive(text, tokens[j]))
            {
                WordToken next = tokens[j + 1];
                if (WordToken.SpaceBetween(text, tokens[j], next) && IsNameLike(text, next))
                {
                    j++;
                }
                else if (j + 2 < tokens.Count && Particles.ContainsSpan(text.AsSpan(next.Start, next.Length)) &&
                    WordToken.SpaceBetween(text, tokens[j], next) && WordToken.SpaceBetween(text, next, tokens[j + 2]) && IsNameLike(text, tokens[j + 2]))
                {
                    j += 2;
                }
                else
                {
                    break;
                }
            }

            int before = results.Count;
            Score(text, tokens, i, j, results);
            if (results.Count == before || results[^1].Score < 0.5)
            {
                Cued(text, tokens, i, j, results);
            }

            runs.Add((i, j, results.Count > before ? results.Count - 1 : -1));
            i = j + 1;
        }

        Coordinated(text, tokens, runs, results);
        return results;
    }

    private static bool Possessive(string text, WordToken t) =>
        t.Length > 2 && text[t.End - 1] == 's' && text[t.End - 2] is '\'' or '\u2019';

    /// <summary>
    /// A name right after a phrase that introduces one ("My name is Akinori", "I'm Quarto Angelo,", "She named him
    /// Frank", "her maiden name is Ybarra", "Maybe it's under Chihiro Fukunaga") is a name even when no list knows it.
    /// </summary>
    private void Cued(string text, List<WordToken> tokens, int first, int last, List<PiiEntity> results)
    {
        Cue cue = CueBefore(text, tokens, first);
        bool strong = cue == Cue.Strong;
        if (!strong && first < last && IsRoleNoun(tokens[first].Word(text)))
        {
            // "Producer Mashuu Samurakami": the role word starts the run; the name is the rest.
            strong = true;
            first++;
        }

        bool introduction = !strong && cue == Cue.Introduction;
        bool dialogue = !strong && !introduction && DialogueSpeaker(text, tokens[first], tokens[last]);
        strong |= !dialogue && !introduction && RelationAfter(text, tokens[last]);
        if (!strong && !introduction && !dialogue)
        {
            return;
        }

        WordToken head = tokens[first];
        ReadOnlySpan<char> headWord = head.Word(text);
        if (IsPlainWord(text, head) && !(strong && Gazetteer.IsGivenName(headWord)))
        {
            return;
        }

        if (head.AllCaps || (!strong && first == last && Gazetteer.IsPlace(headWord)))
        {
            return;
        }

        // "I'm Sorry," is not an introduction: after "I'm" / "I am" ask for two words or a known given name.
        if (introduction && first == last && !Gazetteer.IsGivenName(headWord))
        {
            return;
        }

        while (last > first && IsPlainWord(text, tokens[last]))
        {
            last--;
        }

        WordToken tail = tokens[last];
        int end = tail.Initial ? tail.End : tail.Start + tail.Word(text).Length;
        if (results.Count > 0 && results[^1].Start == head.Start)
        {
            results.RemoveAt(results.Count - 1);
        }

        results.Add(Candidate.Create(PiiEntityTypes.Person, head.Start, end, 0.75, Name, dialogue ? "dialogue_speaker" : "introduced"));
    }

    private static readonly string[] StrongCues =
        ["my name is", "my name's", "name is", "call me", "calls me", "named", "named him", "named her", "called him", "called her", "maiden name is", "last name is", "first name is", "surname is", "it's under", "it is under", "assistant to", "married to", "daughter of", "son of", "wife of", "husband of", "widow of", "speak to", "talk to", "ask for", "shouted at", "said to", "signed by", "attention:", "attn:", "attn", "follow up with", "producer", "director", "singer", "songwriter", "author", "novelist", "writer", "founder", "co-founder", "ceo", "commenter", "colleague", "beneficiary", "guarantor", "cardholder", "account holder", "change it to", "add"];

    private static readonly string[] RelationNouns =
        ["daughter", "son", "kid", "kids", "child", "children", "wife", "husband", "mother", "father", "mom", "dad", "brother", "sister", "friend", "boss", "partner", "fiancé", "fiance", "fiancée", "boyfriend", "girlfriend", "widow", "killer", "killers", "family", "parents", "grandmother", "grandfather", "aunt", "uncle", "cousin", "niece", "nephew"];

    /// <summary>"Franciska's kid", "Amanda's daughter": a possessive before a word for a relative names a person.</summary>
    private static bool RelationAfter(string text, WordToken last)
    {
        if (!Possessive(text, last))
        {
            return false;
        }

        int k = last.End;
        while (k < text.Length && text[k] == ' ')
        {
            k++;
        }

        int e = k;
        while (e < text.Length && char.IsLetter(text[e]))
        {
            e++;
        }

        ReadOnlySpan<char> next = text.AsSpan(k, e - k);
        foreach (string noun in RelationNouns)
        {
            if (next.Equals(noun, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly HashSet<string> RoleNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "Producer", "Director", "Singer", "Songwriter", "Author", "Novelist", "Writer", "Founder", "Cofounder", "CEO", "Commenter", "Colleague", "Beneficiary", "Guarantor", "Cardholder", "Coach", "Actor", "Actress", "Senator", "Governor", "Mayor", "Councillor", "Councilor", "Chef", "Artist",
    };

    private static bool IsRoleNoun(ReadOnlySpan<char> word) => RoleNouns.ContainsSpan(word);

    private static readonly string[] IntroductionCues = ["i'm", "i am", "this is"];

    private enum Cue
    {
        None,
        Strong,
        Introduction,
    }

    private static readonly CuePhrases<Cue> Cues = new(
        StrongCues.Select(static c => (c, Cue.Strong)).Concat(IntroductionCues.Select(static c => (c, Cue.Introduction))));

    /// <summary>The cue phrase that ends right before token <paramref name="first"/> (spaces, or a colon and spaces, between).</summary>
    private static Cue CueBefore(string text, List<WordToken> tokens, int first)
    {
        int k = first - 1;
        if (k < 0 || !Cues.EndsAt(text, tokens, k, out Cue cue))
        {
            return Cue.None;
        }

        int gap = tokens[k].End;
        if (gap < text.Length && text[gap] == ':')
        {
            gap++;
        }

        int spaces = tokens[first].Start - gap;
        return spaces is >= 1 and <= 3 && text.AsSpan(gap, spaces).Trim(' ').IsEmpty ? cue : Cue.None;
    }

    /// <summary>A speaker in a transcript: a name alone at the start of a line, then a colon and a quotation ("Koppány: \"Who are you?\"").</summary>
    private static bool DialogueSpeaker(string text, WordToken head, WordToken tail)
    {
        int k = head.Start - 1;
        while (k >= 0 && text[k] is ' ' or '>')
        {
            k--;
        }

        if (k >= 0 && text[k] != '\n')
        {
            return false;
        }

        int colon = tail.End;
        if (colon >= text.Length || text[colon] != ':')
        {
            return false;
        }

        int q = colon + 1;
        while (q < text.Length && text[q] == ' ')
        {
            q++;
        }

        return q < text.Length && text[q] is '"' or '\u201C';
    }

    /// <summary>
    /// Names listed together ("our 3 founders: Gerste, Johnson and Johnson", "Marrero and Murphy were"): when one
    /// member of a list of capitalized names is a person, the other members are people too.
    /// </summary>
    private void Coordinated(string text, List<WordToken> tokens, List<(int First, int Last, int Result)> runs, List<PiiEntity> results)
    {
        int r = 0;
        while (r < runs.Count)
        {
            int s = r;
            while (r + 1 < runs.Count && runs[r + 1].First - runs[r].Last <= 2 && ListSeparator(text, tokens[runs[r].Last].End, tokens[runs[r + 1].First].Start))
            {
                r++;
            }

            if (r > s)
            {
                bool anyPerson = false;
                for (int k = s; k <= r; k++)
                {
                    anyPerson |= runs[k].Result >= 0 && results[runs[k].Result].Score >= 0.5;
                }

                for (int k = s; k <= r && anyPerson; k++)
                {
                    (int first, int last, int result) = runs[k];
                    if ((result >= 0 && results[result].Score >= 0.5) || last - first > 2)
                    {
                        continue;
                    }

                    WordToken head = tokens[first], tail = tokens[last];
                    string phrase = text[head.Start..(tail.Start + tail.Word(text).Length)];
                    if (head.AllCaps || IsPlainWord(text, head) || IsPlainWord(text, tail) || Gazetteer.IsPlace(phrase) || NonPersonSuffixes.ContainsSpan(tail.Word(text)))
                    {
                        continue;
                    }

                    results.Add(Candidate.Create(PiiEntityTypes.Person, head.Start, tail.Start + tail.Word(text).Length, 0.6, Name, "listed_with_name"));
                }
            }

            r++;
        }
    }

    /// <summary>", ", " and ", ", and ", " &amp; ", " or " between two names.</summary>
    private static bool ListSeparator(string text, int from, int to)
    {
        ReadOnlySpan<char> gap = text.AsSpan(from, to - from);
        return gap is ", " or " and " or ", and " or " & " or " or " or ", or ";
    }

    private static bool IsNameLike(string text, WordToken t)
    {
        if (!t.Capitalized)
        {
            return false;
        }

        // "Max.gov", "Login.gov": a word glued to a domain or file name is not a name.
        if (t.End + 1 < text.Length && text[t.End] == '.' && char.IsLower(text[t.End + 1]))
        {
            return false;
        }

        // "I'm", "Don't", "It's" are not names; "O'Brien", "D'Angelo" and "Amanda's" may be.
        int apostrophe = text.AsSpan(t.Start, t.Length).IndexOfAny('\'', '\u2019');
        if (apostrophe > 0 && !(apostrophe == t.Length - 2 && text[t.End - 1] == 's') &&
            !(apostrophe == 1 && text[t.Start] is 'O' or 'D' or 'L' && char.IsUpper(text[t.Start + 2])))
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
        if (first > 0 && Honorifics.ContainsSpan(tokens[first - 1].Word(text)) && WordToken.SpaceBetween(text, tokens[first - 1], tokens[first]))
        {
            honorific = true;
        }

        for (int k = last - 1; k >= first; k--)
        {
            if (!tokens[k].Initial && Honorifics.ContainsSpan(tokens[k].Word(text)))
            {
                honorific = true;
                first = k + 1;
                break;
            }
        }

        // "The Princess Royal", "the Big Three": a title or a name of a thing, not a person.
        if (!honorific && (tokens[first].Word(text) is "The" || (first > 0 && tokens[first - 1].Word(text) is "the" or "The" && WordToken.SpaceBetween(text, tokens[first - 1], tokens[first]))))
        {
            return;
        }

        // Trim leading and trailing words that are not names ("Patient", "Monday").
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
        if (NonPersonSuffixes.ContainsSpan(tokens[last].Word(text)) ||
            (after < tokens.Count && WordToken.SpaceBetween(text, tokens[last], tokens[after]) && NonPersonSuffixes.ContainsSpan(tokens[after].Word(text))) ||
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

        // "## Due diligence", "(i) Hold themselves out", "Sick Leave": without an honorific, words the same text also
        // writes in lower case are common words capitalized by position, and a lone word opening a heading is a title.
        if (!honorific && (AllCommon(text, tokens, first, last) || (count == 1 && HeadingStart(text, tokens[first].Start))))
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

        bool middleInitial = false;
        for (int k = first + 1; k < last; k++)
        {
            middleInitial |= tokens[k].Initial || (tokens[k].Length == 1 && tokens[k].Capitalized);
        }

        // A name that is also a place ("France", "San Diego") is left to the location recognizer, and so is a name
        // right after "seen at" or "admitted to" ("seen at Johns Hopkins"): a care facility.
        if (!honorific && (AfterFacilityCue(text, tokens, first) || Gazetteer.IsPlace(text.AsSpan(head.Start, tail.Start + tail.Word(text).Length - head.Start))))
        {
            return;
        }

        double score;
        string pattern;
        if (honorific)
        {
            (score, pattern) = (0.85, "honorific");
        }
        else if (middleInitial && !headPlain && !IsPlainWord(text, tail) && !tail.Initial && !head.Initial)
        {
            (score, pattern) = (0.85, "given_initial_surname");
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
        else if (count is 2 or 3 && !headPlain && !head.Initial && !IsPlainWord(text, tail) && SurnameMorphology(tail.Word(text)))
        {
            (score, pattern) = (0.7, "surname_morphology");
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

    private static bool AfterFacilityCue(string text, List<WordToken> tokens, int first)
    {
        int k = first - 1;
        if (k >= 0 && tokens[k].Word(text) is "the" or "The")
        {
            k--;
        }

        return k >= 0 && LocationRecognizer.Cues.EndsAt(text, tokens, k, out LocationRecognizer.Cue kind) && kind == LocationRecognizer.Cue.Facility;
    }

    private static readonly string[] SurnameEndings =
        ["sson", "sdottir", "sdóttir", "dóttir", "dottir", "ović", "ovic", "ević", "evic", "ić", "ič", "ovich", "evich", "ovna", "evna", "enko", "escu", "opoulos", "poulos", "akis", "idis", "shvili", "idze", "oglu", "oğlu", "ová", "ski", "ska", "sky", "ckí", "cki", "cka", "czyk", "wicz", "ov", "ova", "ev", "eva", "yan", "sen", "nen", "inen", "ainen"];

    /// <summary>Endings that mark a surname in many languages ("Einarsson", "Jeknić", "Vizirov", "Sedláčková", "Rintanen").</summary>
    private static bool SurnameMorphology(ReadOnlySpan<char> word)
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

    private static bool SentenceStart(string text, int start)
    {
        int k = start - 1;
        while (k >= 0 && text[k] is ' ' or '\t' or '"' or '\'' or '(')
        {
            k--;
        }

        return k < 0 || text[k] is '.' or '!' or '?' or '\n' or ':';
    }

    /// <summary>Whether every word of the run is a known non-name, or a word the text also writes in lower case.</summary>
    private static bool AllCommon(string text, List<WordToken> tokens, int first, int last)
    {
        LowercaseWords? lower = null;
        for (int k = first; k <= last; k++)
        {
            WordToken t = tokens[k];
            if (t.Initial || !(IsPlainWord(text, t) || (lower ??= LowercaseWords.Of(text)).Contains(t.Word(text))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="start"/> is the first word of a Markdown heading ("## Due diligence").</summary>
    private static bool HeadingStart(string text, int start)
    {
        int k = start - 1;
        while (k >= 0 && text[k] is ' ' or '\t')
        {
            k--;
        }

        if (k < 0 || text[k] != '#')
        {
            return false;
        }

        while (k >= 0 && text[k] == '#')
        {
            k--;
        }

        while (k >= 0 && text[k] is ' ' or '\t')
        {
            k--;
        }

        return k < 0 || text[k] == '\n';
    }

    private static bool IsPlainWord(string text, WordToken t) => !t.Initial && Gazetteer.IsNotName(t.Word(text));
}
