namespace Compliant.AI.Grounding.Internal;

/// <summary>One passage injected for this request, with its number and the terms that count as evidence.</summary>
internal sealed class GroundingSource
{
    private EvidenceTerms? _evidence;

    public GroundingSource(int index, RetrievedPassage passage)
    {
        Index = index;
        Id = SourceBlock.SourceId(index);
        Passage = passage;
        Text = SourceBlock.Neutralize(passage.Text);
    }

    /// <summary>Gets the zero-based position; the model sees it as <see cref="Id"/>.</summary>
    public int Index { get; }

    /// <summary>Gets the id the model cites, <c>S1</c>, <c>S2</c>, ...</summary>
    public string Id { get; }

    public RetrievedPassage Passage { get; }

    /// <summary>Gets the text as injected (neutralized).</summary>
    public string Text { get; }

    /// <summary>Gets the evidence of the passage, leaving out sentences that read as instructions to a model.</summary>
    public EvidenceTerms Evidence => _evidence ??= EvidenceTerms.Build(Text, Passage.Title, Passage.SectionPath);
}
