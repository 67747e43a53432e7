namespace Compliant.AI.Pii.Internal;

internal sealed class LocationRecognizer : PiiRecognizer
{
    private static readonly string[] Types = [PiiEntityTypes.Location];

    public LocationRecognizer()
        : base("LocationRecognizer")
    {
    }

    public override IReadOnlyCollection<string> SupportedEntityTypes => Types;

    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken) => [];
}
