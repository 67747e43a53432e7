using System.CommandLine;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Compliant.AI.Cli.Redaction;

/// <summary>
/// <c>compliant pii redact</c>: reads lines <c>{"id": ..., "text": ...}</c> and writes <c>{"id": ..., "text": ...}</c> with the
/// personal data replaced by the chosen operator, in input order. Placeholders are numbered per line. Exit 0 on success,
/// 2 on bad usage or a bad line (the reason names the line number, never its content).
/// </summary>
internal static class PiiRedactCommand
{
    /// <summary>The services the command uses outside tests: Compliant.AI with PII detection and redaction.</summary>
    public static IServiceProvider DefaultServices()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddPiiDetection().AddPiiRedaction();
        return services.BuildServiceProvider();
    }

    public static Command Create(Func<IServiceProvider> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var input = new Option<FileInfo?>("--input", "-i") { Description = "JSON Lines input (default: stdin)." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "JSON Lines output (default: stdout)." };
        var op = new Option<string>("--operator") { Description = "placeholder (default), mask, hash, remove, encrypt or keep.", DefaultValueFactory = _ => "placeholder" };
        op.AcceptOnlyFromAmong("placeholder", "mask", "hash", "remove", "encrypt", "keep");
        var keyEnv = new Option<string>("--key-env") { Description = $"Environment variable with the base64 key for hash and encrypt (default: {PiiKey.DefaultEnvironmentVariable}).", DefaultValueFactory = _ => PiiKey.DefaultEnvironmentVariable };
        var extra = new Pii.ExtraRecognizerOptions();
        var command = new Command("redact", "Replace personal data in each line's text.") { input, output, op, keyEnv };
        extra.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var options = new PiiAnonymizerOptions { DefaultOperator = Enum.Parse<PiiOperatorKind>(parse.GetValue(op)!, ignoreCase: true) };
            PiiKey? key = null;
            if (options.RequiresKey())
            {
                string variable = parse.GetValue(keyEnv)!;
                try
                {
                    key = PiiKey.FromEnvironment(variable);
                }
                catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
                {
                    await Console.Error.WriteLineAsync($"error: the {options.DefaultOperator.ToString().ToLowerInvariant()} operator needs a key: set '{variable}' to at least {PiiKey.MinimumKeyBytes} random bytes in base64.").ConfigureAwait(false);
                    return 2;
                }
            }

            List<PiiRecognizer> extraRecognizers = extra.Create(parse);
            IPiiDetector? detector = extraRecognizers.Count > 0 ? new PiiDetector(recognizers: extraRecognizers) : services().GetService<IPiiDetector>();
            if (detector is null)
            {
                await Console.Error.WriteLineAsync("error: no PII detector is registered (AddPiiDetection()).").ConfigureAwait(false);
                return 2;
            }

            FileInfo? inFile = parse.GetValue(input);
            FileInfo? outFile = parse.GetValue(output);
            try
            {
                using TextReader reader = inFile is null ? Console.In : new StreamReader(inFile.FullName, Encoding.UTF8);
                Stream outStream = outFile is null ? Console.OpenStandardOutput() : File.Create(outFile.FullName);
                await using (outStream.ConfigureAwait(false))
                {
                    return await RunAsync(detector, new PiiAnonymizer(options, key), reader, outStream, Console.Error, ct).ConfigureAwait(false);
                }
            }
            catch (IOException ex)
            {
                await Console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }

    internal static Task<int> RunAsync(IPiiDetector detector, PiiAnonymizer anonymizer, TextReader reader, Stream output, TextWriter error, CancellationToken cancellationToken) =>
        Pii.PiiJsonLines.RunAsync(reader, output, error, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }, (text, writer, ct) =>
        {
            string redacted;
            try
            {
                redacted = anonymizer.Anonymize(text, detector.Detect(text, ct)).Text;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The exception's message or properties may carry the text: report its type only.
                return $"redaction failed ({ex.GetType().Name})";
            }

            writer.WriteString("text", redacted);
            return null;
        }, cancellationToken);
}
