namespace Compliant.AI.Pii.Internal;

internal sealed class PersonRecognizer : PiiRecognizer
{
    private static readonly string[] Types = [PiiEntityTypes.Person];

    public PersonRecognizer()
        : base("PersonRecognizer")
    {
    }

    public override IReadOnlyCollection<string> SupportedEntityTypes => Types;

    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken) => [];
}
