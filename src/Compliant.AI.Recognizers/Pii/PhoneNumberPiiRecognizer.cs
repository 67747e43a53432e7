using PhoneNumbers;

namespace Compliant.AI;

/// <summary>Finds phone numbers valid under libphonenumber's metadata for the given regions (international formats, any country).</summary>
/// <remarks>Thread-safe. Numbers written with a leading '+' are validated for their own country whatever the default region.</remarks>
public sealed class PhoneNumberPiiRecognizer : PiiRecognizer
{
    private static readonly string[] Types = [PiiEntityTypes.PhoneNumber];
    private static readonly string[] Context = ["phone", "tel", "telephone", "cell", "mobile", "call", "fax", "contact", "number"];
    private readonly string[] _regions;

    /// <summary>Initializes a new instance of the <see cref="PhoneNumberPiiRecognizer"/> class.</summary>
    /// <param name="regions">ISO 3166 regions whose national formats are accepted; the default is <c>US</c>, <c>GB</c>, <c>DE</c>, <c>FR</c>, <c>IN</c>.</param>
    public PhoneNumberPiiRecognizer(IEnumerable<string>? regions = null)
        : base("PhoneNumberPiiRecognizer")
    {
        _regions = regions?.ToArray() is { Length: > 0 } r ? r : ["US", "GB", "DE", "FR", "IN"];
    }

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedEntityTypes => Types;

    /// <inheritdoc />
    public override IReadOnlyList<string> ContextWords => Context;

    /// <inheritdoc />
    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var results = new List<PiiEntity>();
        PhoneNumberUtil util = PhoneNumberUtil.GetInstance();
        var seen = new HashSet<(int, int)>();
        foreach (string region in _regions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (PhoneNumberMatch match in util.FindNumbers(text, region, PhoneNumberUtil.Leniency.VALID, long.MaxValue))
            {
                if (seen.Add((match.Start, match.Length)))
                {
                    results.Add(new PiiEntity(PiiEntityTypes.PhoneNumber, match.Start, match.Start + match.Length, 0.7)
                    {
                        Explanation = new PiiExplanation(Name) { Pattern = "libphonenumber:" + region, OriginalScore = 0.7, Validation = "libphonenumber" },
                    });
                }
            }
        }

        return results;
    }
}
