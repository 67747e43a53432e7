using Compliant.AI.Text;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Context that makes a capitalized run a person's name even when no list knows it: a phrase that introduces a name
/// ("my name is", "I'm", "daughter of"), a role word before it ("Producer ..."), a possessive before a relative
/// ("Amanda's daughter"), a transcript speaker ("Koppány: \"...\""); and the care-facility cue ("seen at ...") that
/// makes a name-like run a place instead.
/// </summary>
internal static class PersonCues
{
    private static readonly string[] StrongCues =
        ["my name is", "my name's", "name is", "call me", "calls me", "named", "named him", "named her", "called him", "called her", "maiden name is", "last name is", "first name is", "surname is", "it's under", "it is under", "assistant to", "married to", "daughter of", "son of", "wife of", "husband of", "widow of", "speak to", "talk to", "ask for", "shouted at", "said to", "signed by", "attention:", "attn:", "attn", "follow up with", "producer", "director", "singer", "songwriter", "author", "novelist", "writer", "founder", "co-founder", "ceo", "commenter", "colleague", "beneficiary", "guarantor", "cardholder", "account holder", "change it to", "add"];

    private static readonly string[] RelationNouns =
        ["daughter", "son", "kid", "kids", "child", "children", "wife", "husband", "mother", "father", "mom", "dad", "brother", "sister", "friend", "boss", "partner", "fiancé", "fiance", "fiancée", "boyfriend", "girlfriend", "widow", "killer", "killers", "family", "parents", "grandmother", "grandfather", "aunt", "uncle", "cousin", "niece", "nephew"];

    private static readonly HashSet<string> RoleNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "Producer", "Director", "Singer", "Songwriter", "Author", "Novelist", "Writer", "Founder", "Cofounder", "CEO", "Commenter", "Colleague", "Beneficiary", "Guarantor", "Cardholder", "Coach", "Actor", "Actress", "Senator", "Governor", "Mayor", "Councillor", "Councilor", "Chef", "Artist",
    };

    private static readonly string[] IntroductionCues = ["i'm", "i am", "this is"];

    private static readonly CuePhrases<Cue> Cues = new(
        StrongCues.Select(static c => (c, Cue.Strong)).Concat(IntroductionCues.Select(static c => (c, Cue.Introduction))));

    /// <summary>What a phrase before a name says about it.</summary>
    internal enum Cue
    {
        /// <summary>No cue phrase.</summary>
        None,

        /// <summary>The next words are a name ("my name is", "daughter of", "attn:").</summary>
        Strong,

        /// <summary>The next words may be a name ("I'm", "this is"): two words or a known given name.</summary>
        Introduction,
    }

    /// <summary>
    /// A name right after a phrase that introduces one ("My name is Akinori", "I'm Quarto Angelo,", "She named him
    /// Frank", "her maiden name is Ybarra", "Maybe it's under Chihiro Fukunaga") is a name even when no list knows it;
    /// so is a transcript speaker. Returns the name (score 0.75), or <see langword="null"/>.
    /// </summary>
    public static PersonMatch? Introduced(string text, List<WordToken> tokens, int first, int last)
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
            return null;
        }

        WordToken head = tokens[first];
        ReadOnlySpan<char> headWord = head.Word(text);
        if (NameTokens.IsPlain(text, head) && !(strong && Gazetteer.IsGivenName(headWord)))
        {
            return null;
        }

        if (head.AllCaps || (!strong && first == last && Gazetteer.IsPlace(headWord)))
        {
            return null;
        }

        // "I'm Sorry," is not an introduction: after "I'm" / "I am" ask for two words or a known given name.
        if (introduction && first == last && !Gazetteer.IsGivenName(headWord))
        {
            return null;
        }

        while (last > first && NameTokens.IsPlain(text, tokens[last]))
        {
            last--;
        }

        WordToken tail = tokens[last];
        int end = tail.Initial ? tail.End : tail.Start + tail.Word(text).Length;
        return new PersonMatch(head.Start, end, 0.75, dialogue ? "dialogue_speaker" : "introduced");
    }

    /// <summary>The cue phrase that ends right before token <paramref name="first"/> (spaces, or a colon and spaces, between).</summary>
    public static Cue CueBefore(string text, List<WordToken> tokens, int first)
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

    /// <summary>"Producer", "Senator", "Chef": a role word that may stand right before a name.</summary>
    public static bool IsRoleNoun(ReadOnlySpan<char> word) => RoleNouns.ContainsSpan(word);

    /// <summary>"Franciska's kid", "Amanda's daughter": a possessive before a word for a relative names a person.</summary>
    public static bool RelationAfter(string text, WordToken last)
    {
        if (!NameTokens.Possessive(text, last))
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

    /// <summary>A speaker in a transcript: a name alone at the start of a line, then a colon and a quotation ("Koppány: \"Who are you?\"").</summary>
    public static bool DialogueSpeaker(string text, WordToken head, WordToken tail)
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

    /// <summary>Whether a care-facility cue ("seen at", "admitted to the") ends right before token <paramref name="first"/>.</summary>
    public static bool AfterFacilityCue(string text, List<WordToken> tokens, int first)
    {
        int k = first - 1;
        if (k >= 0 && tokens[k].Word(text) is "the" or "The")
        {
            k--;
        }

        return k >= 0 && LocationCues.Phrases.EndsAt(text, tokens, k, out LocationCue kind) && kind == LocationCue.Facility;
    }
}
