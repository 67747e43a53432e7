namespace Compliant.AI.Pii.Internal;

internal sealed class DateTimeRecognizer : PiiRecognizer
{
    private static readonly string[] Types = [PiiEntityTypes.DateTime];

    public DateTimeRecognizer()
        : base("DateTimeRecognizer")
    {
    }

    public override IReadOnlyCollection<string> SupportedEntityTypes => Types;

    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken) => [];
}
