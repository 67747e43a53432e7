using System.Text.RegularExpressions;
using Compliant.AI.Internal;

namespace Compliant.AI;

/// <summary>A recognizer driven by regular expressions, an optional validator (for example a checksum) and context words.</summary>
/// <remarks>
/// <para>
/// Each match of each <see cref="PiiPattern"/> becomes a candidate with the pattern's score. The validator then raises
/// it to 1 (<see cref="PiiValidationResult.Valid"/>), keeps it (<see cref="PiiValidationResult.Unknown"/>) or drops it
/// (<see cref="PiiValidationResult.Invalid"/>). Context words are applied by the detector.
/// </para>
/// <para>Thread-safe when the validator is. A pattern that times out stops contributing for that text; it never hangs.</para>
/// </remarks>
public class PatternPiiRecognizer : PiiRecognizer
{
    private readonly PiiPattern[] _patterns;
    private readonly string[] _supportedTypes;
    private readonly string[] _contextWords;
    private readonly Func<string, PiiValidationResult>? _validator;

    /// <summary>Initializes a new instance of the <see cref="PatternPiiRecognizer"/> class.</summary>
    /// <param name="name">The recognizer's name.</param>
    /// <param name="entityType">The entity type every match gets.</param>
    /// <param name="patterns">The patterns to match.</param>
    /// <param name="contextWords">Lower-case words that raise a match's score when found nearby.</param>
    /// <param name="validator">An optional validator applied to each matched value.</param>
    /// <param name="validationName">The name of the validation, reported in <see cref="PiiExplanation.Validation"/>.</param>
    public PatternPiiRecognizer(
        string name,
        string entityType,
        IEnumerable<PiiPattern> patterns,
        IEnumerable<string>? contextWords = null,
        Func<string, PiiValidationResult>? validator = null,
        string? validationName = null)
        : base(name)
    {
        Throw.IfNullOrWhitespace(entityType);
        Throw.IfNull(patterns);
        EntityType = entityType;
        _patterns = [.. patterns];
        if (_patterns.Length == 0)
        {
            throw new ArgumentException("At least one pattern is required.", nameof(patterns));
        }

        foreach (PiiPattern pattern in _patterns)
        {
            Throw.IfNull(pattern);
            Throw.IfOutOfRange(pattern.Score, 0, 1);
        }

        _supportedTypes = [entityType];
        _contextWords = contextWords is null ? [] : [.. contextWords.Where(static w => !string.IsNullOrWhiteSpace(w)).Select(static w => w.Trim().ToLowerInvariant())];
        _validator = validator;
        ValidationName = validationName;
    }

    /// <summary>Gets the entity type every match gets.</summary>
    public string EntityType { get; }

    /// <summary>Gets the name of the validation, if any.</summary>
    public string? ValidationName { get; }

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedEntityTypes => _supportedTypes;

    /// <inheritdoc />
    public override IReadOnlyList<string> ContextWords => _contextWords;

    /// <inheritdoc />
    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken)
    {
        Throw.IfNull(text);
        var results = new List<PiiEntity>();
        foreach (PiiPattern pattern in _patterns)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int valueGroup = pattern.Regex.GroupNumberFromName("value");
            try
            {
                foreach (Match m in pattern.Windows is null ? WholeText(pattern.Regex, text) : pattern.Windows.Matches(pattern.Regex, text))
                {
                    Group g = valueGroup >= 0 ? m.Groups[valueGroup] : m;
                    if (!g.Success || g.Length == 0)
                    {
                        continue;
                    }

                    PiiValidationResult validation = Validate(g.Value);
                    if (validation == PiiValidationResult.Invalid)
                    {
                        continue;
                    }

                    double score = validation == PiiValidationResult.Valid ? 1.0 : pattern.Score;
                    results.Add(new PiiEntity(EntityType, g.Index, g.Index + g.Length, score)
                    {
                        Explanation = new PiiExplanation(Name)
                        {
                            Pattern = pattern.Name,
                            OriginalScore = score,
                            Validation = validation == PiiValidationResult.Unknown ? null : ValidationName,
                        },
                    });
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological input for this pattern: keep what was found, never hang.
            }
        }

        return results;
    }

    private static IEnumerable<Match> WholeText(Regex regex, string text)
    {
        for (Match m = regex.Match(text); m.Success; m = m.NextMatch())
        {
            yield return m;
        }
    }

    /// <summary>Validates a matched value.</summary>
    /// <param name="value">The matched value.</param>
    /// <returns>The validation outcome; the default calls the validator given to the constructor, if any.</returns>
    protected virtual PiiValidationResult Validate(string value) =>
        _validator?.Invoke(value) ?? PiiValidationResult.Unknown;
}
