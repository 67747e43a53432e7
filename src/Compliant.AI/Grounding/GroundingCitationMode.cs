namespace Compliant.AI;

/// <summary>How densely a grounded answer must cite its sources.</summary>
public enum GroundingCitationMode
{
    /// <summary>The answer must cite at least one source; only cited sentences are checked for support.</summary>
    PerAnswer,

    /// <summary>
    /// Every paragraph that makes a claim must cite a source; a sentence without its own citation is checked against
    /// the sources cited elsewhere in its paragraph.
    /// </summary>
    PerParagraph,

    /// <summary>Every sentence that makes a claim must carry its own citation.</summary>
    PerSentence,
}
