using Compliant.AI.Internal;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Options;

namespace Compliant.AI;

/// <summary>
/// A Microsoft.Extensions.Compliance.Redaction <see cref="Redactor"/> that redacts only the personal data inside free text,
/// with the same <see cref="IPiiDetector"/> and operators as the chat middleware, so text going to <c>ILogger</c> is
/// de-identified by the same engine.
/// </summary>
/// <remarks>
/// <para>
/// Register it for a data classification with <c>services.AddRedaction(r =&gt; r.SetPiiRedactor(MyTaxonomy.FreeText))</c>;
/// values of that classification (for example <c>[LogProperties]</c> members or <c>[LoggerMessage]</c> parameters annotated
/// with it) are then logged with their personal data replaced, the rest of the text kept.
/// </para>
/// <para>One-way: placeholders are numbered per redacted value and cannot be restored. Thread-safe.</para>
/// </remarks>
public sealed class PiiRedactor : Redactor
{
    [ThreadStatic]
    private static (PiiRedactor Owner, string Input, string Output)? _last;

    private readonly IPiiDetector _detector;
    private readonly PiiAnonymizer _anonymizer;

    /// <summary>Initializes a new instance of the <see cref="PiiRedactor"/> class.</summary>
    /// <param name="detector">The PII detector.</param>
    /// <param name="options">The operators (placeholder by default).</param>
    /// <param name="key">The key, needed for the hash and encrypt operators.</param>
    public PiiRedactor(IPiiDetector detector, IOptions<PiiRedactorOptions>? options = null, PiiKey? key = null)
    {
        _detector = Throw.IfNull(detector);
        _anonymizer = new PiiAnonymizer(options?.Value ?? new PiiRedactorOptions(), key);
    }

    /// <inheritdoc />
    public override int GetRedactedLength(ReadOnlySpan<char> input) => RedactToString(input).Length;

    /// <inheritdoc />
    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        string output = RedactToString(source);
        _last = null; // do not keep personal data referenced from a thread-static longer than one redaction
        if (output.Length > destination.Length)
        {
            throw new ArgumentException("The destination is too small for the redacted text.", nameof(destination));
        }

        output.AsSpan().CopyTo(destination);
        return output.Length;
    }

    private string RedactToString(ReadOnlySpan<char> input)
    {
        if (input.IsEmpty)
        {
            return string.Empty;
        }

        // The framework asks for the length, then redacts the same input: remember the last result on this thread.
        if (_last is { } last && ReferenceEquals(last.Owner, this) && input.SequenceEqual(last.Input))
        {
            return last.Output;
        }

        string text = input.ToString();
        string output = _anonymizer.Anonymize(text, _detector.Detect(text)).Text;
        _last = (this, text, output);
        return output;
    }
}
