namespace Compliant.AI.Grounding.Internal;

/// <summary>The outcome of checking one answer against the sources injected for it.</summary>
internal sealed class GroundingCheck
{
    /// <summary>Gets the distinct valid source indices cited, in order of first citation.</summary>
    public List<int> CitedSources { get; } = [];

    /// <summary>Gets one entry per valid citation: the cited sentence's span and the source index.</summary>
    public List<(int Start, int End, int SourceIndex)> CitationSpans { get; } = [];

    public List<GroundingClaim> UnsupportedClaims { get; } = [];

    public List<string> UnknownSourceIds { get; } = [];

    /// <summary>Gets or sets how many sentences or paragraphs (per the mode) lack a required citation.</summary>
    public int MissingCitations { get; set; }

    public bool Declined { get; set; }

    public string? Reason { get; set; }

    public bool Passed => Reason is null;
}
