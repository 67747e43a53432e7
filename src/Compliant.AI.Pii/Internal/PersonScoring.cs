using Compliant.AI.Text;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Scores a run of name-like tokens as a person's name: trims the words around it that are not names, rejects titles,
/// organisations, places and common words, then grades what is left by its structure and by the gazetteer (given name
/// + surname 0.9, honorific 0.85, ... a lone ambiguous given name 0.2). The grade's name is the explanation's pattern.
/// </summary>
internal static class PersonScoring
{
    /// <summary>The name in tokens <paramref name="first"/>..<paramref name="last"/>, or <see langword="null"/> when the run is not one.</summary>
    public static PersonMatch? Score(string text, List<WordToken> tokens, int first, int last)
    {
        // An honorific just before the run ("Dr. ", "Mrs ") makes a name; an honorific as the run's first token too.
        bool honorific = false;
        if (first > 0 && NameStructure.IsHonorific(tokens[first - 1].Word(text)) && WordToken.SpaceBetween(text, tokens[first - 1], tokens[first]))
        {
            honorific = true;
        }

        for (int k = last - 1; k >= first; k--)
        {
            if (!tokens[k].Initial && NameStructure.IsHonorific(tokens[k].Word(text)))
            {
                honorific = true;
                first = k + 1;
                break;
            }
        }

        // "The Princess Royal", "the Big Three": a title or a name of a thing, not a person.
        if (!honorific && (tokens[first].Word(text) is "The" || (first > 0 && tokens[first - 1].Word(text) is "the" or "The" && WordToken.SpaceBetween(text, tokens[first - 1], tokens[first]))))
        {
            return null;
        }

        // Trim leading and trailing words that are not names ("Patient", "Monday").
        while (first <= last && NameTokens.IsPlain(text, tokens[first]) && !(first < last && Gazetteer.IsGivenName(tokens[first].Word(text))))
        {
            first++;
        }

        if (first > last)
        {
            return null;
        }

        // "... Hospital", "... Street", "St. Mary's": an organization or a place, not a person.
        int after = last + 1;
        if (NameStructure.IsNonPersonSuffix(tokens[last].Word(text)) ||
            (after < tokens.Count && WordToken.SpaceBetween(text, tokens[last], tokens[after]) && NameStructure.IsNonPersonSuffix(tokens[after].Word(text))) ||
            (first > 0 && tokens[first - 1].Word(text) is "St" or "Saint" or "Mt" or "Mount" && WordToken.SpaceBetween(text, tokens[first - 1], tokens[first])))
        {
            return null;
        }

        while (last > first && NameTokens.IsPlain(text, tokens[last]) && !Gazetteer.IsSurname(tokens[last].Word(text)))
        {
            last--;
        }

        int count = last - first + 1;
        if (count == 1 && tokens[first].AllCaps && !honorific)
        {
            return null;
        }

        // "## Due diligence", "(i) Hold themselves out", "Sick Leave": without an honorific, words the same text also
        // writes in lower case are common words capitalized by position, and a lone word opening a heading is a title.
        if (!honorific && (NameTokens.AllCommon(text, tokens, first, last) || (count == 1 && NameTokens.HeadingStart(text, tokens[first].Start))))
        {
            return null;
        }

        WordToken head = tokens[first], tail = tokens[last];
        bool headGiven = Gazetteer.IsGivenName(head.Word(text));
        bool headPlain = NameTokens.IsPlain(text, head);
        bool tailSurname = Gazetteer.IsSurname(tail.Word(text));
        bool anyKnown = false, allPlainOrInitial = true;
        for (int k = first; k <= last; k++)
        {
            ReadOnlySpan<char> w = tokens[k].Word(text);
            anyKnown |= Gazetteer.IsGivenName(w) || Gazetteer.IsSurname(w);
            allPlainOrInitial &= tokens[k].Initial || NameTokens.IsPlain(text, tokens[k]);
        }

        bool middleInitial = false;
        for (int k = first + 1; k < last; k++)
        {
            middleInitial |= tokens[k].Initial || (tokens[k].Length == 1 && tokens[k].Capitalized);
        }

        // A name that is also a place ("France", "San Diego") is left to the location recognizer, and so is a name
        // right after "seen at" or "admitted to" ("seen at Johns Hopkins"): a care facility.
        if (!honorific && (PersonCues.AfterFacilityCue(text, tokens, first) || Gazetteer.IsPlace(text.AsSpan(head.Start, tail.Start + tail.Word(text).Length - head.Start))))
        {
            return null;
        }

        double score;
        string pattern;
        if (honorific)
        {
            (score, pattern) = (0.85, "honorific");
        }
        else if (middleInitial && !headPlain && !NameTokens.IsPlain(text, tail) && !tail.Initial && !head.Initial)
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
        else if (count is 2 or 3 && !headPlain && !head.Initial && !NameTokens.IsPlain(text, tail) && NameStructure.SurnameMorphology(tail.Word(text)))
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
            (score, pattern) = (NameTokens.SentenceStart(text, head.Start) ? 0.35 : 0.5, "surname");
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
            return null;
        }

        int end = tail.Initial ? tail.End : tail.Start + tail.Word(text).Length;
        return new PersonMatch(head.Start, end, score, pattern);
    }
}
