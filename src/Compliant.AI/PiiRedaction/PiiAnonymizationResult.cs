namespace Compliant.AI;

/// <summary>The outcome of <see cref="PiiAnonymizer.Anonymize(string, IReadOnlyList{PiiEntity}, PseudonymTable?)"/>: the new text and how many entities of each type were replaced.</summary>
public sealed class PiiAnonymizationResult
{
    /// <summary>Initializes a new instance of the <see cref="PiiAnonymizationResult"/> class.</summary>
    /// <param name="text">The anonymized text.</param>
    /// <param name="counts">The number of entities per entity type.</param>
    public PiiAnonymizationResult(string text, IReadOnlyDictionary<string, int> counts)
    {
        Text = text;
        Counts = counts;
    }

    /// <summary>Gets the anonymized text.</summary>
    public string Text { get; }

    /// <summary>Gets the number of entities per entity type (types with none are absent). Never values.</summary>
    public IReadOnlyDictionary<string, int> Counts { get; }

    /// <summary>Gets the total number of entities.</summary>
    public int Total => Counts.Values.Sum();
}
