namespace Compliant.AI;

/// <summary>Finds candidate entities of one or more types in a text; the base class of every recognizer a <see cref="PiiDetector"/> runs.</summary>
/// <remarks>
/// <para>
/// A recognizer sees the detector's normalized text (zero-width characters removed, odd spaces and full-width forms
/// folded to ASCII) and reports offsets into that text; the detector maps them back to the caller's text, applies
/// context enhancement, thresholds, allow- and deny-lists, and resolves overlaps.
/// </para>
/// <para>
/// Implementations must be thread-safe and run in time linear in the text length. They must not throw for odd input
/// (lone surrogates, very long lines); they may throw <see cref="OperationCanceledException"/> when cancelled.
/// </para>
/// </remarks>
public abstract class PiiRecognizer
{
    /// <summary>Initializes a new instance of the <see cref="PiiRecognizer"/> class.</summary>
    /// <param name="name">The recognizer's name, reported in <see cref="PiiExplanation.Recognizer"/>.</param>
    protected PiiRecognizer(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Gets the recognizer's name.</summary>
    public string Name { get; }

    /// <summary>Gets the entity types this recognizer can report.</summary>
    public abstract IReadOnlyCollection<string> SupportedEntityTypes { get; }

    /// <summary>Gets the lower-case words that, found near a candidate, raise its score (for example <c>ssn</c> or <c>mrn</c>).</summary>
    /// <value>The default is an empty list.</value>
    public virtual IReadOnlyList<string> ContextWords => [];

    /// <summary>Finds candidate entities in <paramref name="text"/>.</summary>
    /// <param name="text">The normalized text to scan.</param>
    /// <param name="cancellationToken">A token to cancel the scan.</param>
    /// <returns>Candidates with offsets into <paramref name="text"/>; they may overlap and need not be ordered.</returns>
    public abstract IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken);
}
