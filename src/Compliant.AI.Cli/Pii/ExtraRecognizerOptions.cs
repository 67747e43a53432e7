using System.CommandLine;

namespace Compliant.AI.Cli.Pii;

/// <summary>
/// The optional recognizers of the Compliant.AI.Recognizers package, shared by <c>pii detect</c> and <c>pii redact</c>:
/// <c>--recognizers-text</c> (Microsoft.Recognizers.Text on short windows, for written dates and times the built-in
/// patterns miss) and <c>--phone-regions</c> (libphonenumber validation of national phone formats).
/// </summary>
internal sealed class ExtraRecognizerOptions
{
    private readonly Option<bool> _recognizersText = new("--recognizers-text")
    {
        Description = "Also run Microsoft.Recognizers.Text on short windows around date words (slower; finds \"the third of March last year\").",
    };

    private readonly Option<string[]> _phoneRegions = new("--phone-regions")
    {
        Description = "Validate national phone formats of these regions with libphonenumber (for example: --phone-regions GB DE FR).",
        AllowMultipleArgumentsPerToken = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_recognizersText);
        command.Options.Add(_phoneRegions);
    }

    /// <summary>The extra recognizers the command line asks for (empty when none).</summary>
    public List<PiiRecognizer> Create(ParseResult parse)
    {
        var recognizers = new List<PiiRecognizer>();
        if (parse.GetValue(_recognizersText))
        {
            recognizers.Add(new RecognizersTextDateTimeRecognizer());
        }

        if (parse.GetValue(_phoneRegions) is { Length: > 0 } regions)
        {
            recognizers.Add(new PhoneNumberPiiRecognizer(regions));
        }

        return recognizers;
    }
}
