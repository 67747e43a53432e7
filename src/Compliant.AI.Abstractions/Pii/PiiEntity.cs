namespace Compliant.AI;

/// <summary>One piece of personal data found in a text: its type, where it is, how sure the detector is, and why.</summary>
/// <remarks>
/// Offsets are UTF-16 code units into the original text (C# string indices), <see cref="End"/> exclusive. An entity
/// never holds the matched value itself; read it from the text with <c>text[Start..End]</c> when you need it, so the
/// entity can be logged or serialized without leaking personal data.
/// </remarks>
/// <param name="Type">The entity type, a Presidio name such as <c>PERSON</c> or <c>US_SSN</c> (see <see cref="PiiEntityTypes"/>).</param>
/// <param name="Start">The start offset (inclusive).</param>
/// <param name="End">The end offset (exclusive).</param>
/// <param name="Score">The confidence, from 0 to 1.</param>
public sealed record PiiEntity(string Type, int Start, int End, double Score)
{
    /// <summary>Gets the length of the span.</summary>
    public int Length => End - Start;

    /// <summary>Gets why the entity was found: recognizer, pattern, context words and validation. Never the value.</summary>
    public PiiExplanation? Explanation { get; init; }
}
