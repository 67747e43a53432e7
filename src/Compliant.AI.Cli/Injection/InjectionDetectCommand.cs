using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Compliant.AI.Cli.Injection;

/// <summary>
/// <c>compliant injection detect</c>: reads lines <c>{"id": ..., "text": ..., "source"?: "user"|"document"|"tool"}</c>, writes
/// <c>{"id": ..., "score": ..., "flagged": ..., "signals": [...]}</c> in input order. Exit 0 on success, 2 on bad usage or a
/// bad line (the reason names the line number, never its content).
/// </summary>
internal static class InjectionDetectCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo?>("--input", "-i") { Description = "JSON Lines input (default: stdin)." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "JSON Lines output (default: stdout)." };
        var source = new Option<string>("--source") { Description = "Where the texts come from, unless a line says: user (default), document or tool.", DefaultValueFactory = _ => "user" };
        source.AcceptOnlyFromAmong("user", "document", "tool");
        var command = new Command("detect", "Score each line's text for prompt injection.") { input, output, source };
        command.SetAction(async (parse, ct) =>
        {
            PromptInjectionSource defaultSource = ParseSource(parse.GetValue(source)!)!.Value;
            var detector = new PromptInjectionDetector();
            FileInfo? inFile = parse.GetValue(input);
            FileInfo? outFile = parse.GetValue(output);
            try
            {
                using TextReader reader = inFile is null ? Console.In : new StreamReader(inFile.FullName, Encoding.UTF8);
                Stream outStream = outFile is null ? Console.OpenStandardOutput() : File.Create(outFile.FullName);
                await using (outStream.ConfigureAwait(false))
                {
                    return await RunAsync(detector, defaultSource, reader, outStream, Console.Error, ct).ConfigureAwait(false);
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

    internal static async Task<int> RunAsync(IPromptInjectionDetector detector, PromptInjectionSource defaultSource, TextReader reader, Stream output, TextWriter error, CancellationToken cancellationToken)
    {
        var writer = new Utf8JsonWriter(output);
        await using ConfiguredAsyncDisposable _ = writer.ConfigureAwait(false);
        int lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement id;
            string text;
            PromptInjectionSource source = defaultSource;
            try
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                JsonElement root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("text", out JsonElement textElement) || textElement.ValueKind != JsonValueKind.String)
                {
                    await error.WriteLineAsync($"error: line {lineNumber}: expected an object with a string \"text\" property").ConfigureAwait(false);
                    return 2;
                }

                if (root.TryGetProperty("source", out JsonElement sourceElement) && sourceElement.ValueKind != JsonValueKind.Null)
                {
                    if (sourceElement.ValueKind != JsonValueKind.String || ParseSource(sourceElement.GetString()!) is not { } parsed)
                    {
                        await error.WriteLineAsync($"error: line {lineNumber}: \"source\" must be \"user\", \"document\" or \"tool\"").ConfigureAwait(false);
                        return 2;
                    }

                    source = parsed;
                }

                id = root.TryGetProperty("id", out JsonElement idElement) ? idElement.Clone() : default;
                text = textElement.GetString()!;
            }
            catch (JsonException)
            {
                await error.WriteLineAsync($"error: line {lineNumber}: not valid JSON").ConfigureAwait(false);
                return 2;
            }
            catch (InvalidOperationException)
            {
                await error.WriteLineAsync($"error: line {lineNumber}: \"text\" is not valid UTF-16 (lone surrogate)").ConfigureAwait(false);
                return 2;
            }

            PromptInjectionResult result = detector.Detect(text, source, cancellationToken);
            writer.WriteStartObject();
            writer.WritePropertyName("id");
            if (id.ValueKind == JsonValueKind.Undefined)
            {
                writer.WriteNullValue();
            }
            else
            {
                id.WriteTo(writer);
            }

            writer.WriteNumber("score", Math.Round(result.Score, 4));
            writer.WriteBoolean("flagged", result.Flagged);
            writer.WriteStartArray("signals");
            foreach (string signal in result.Signals)
            {
                writer.WriteStringValue(signal);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            writer.Reset();
            await output.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static PromptInjectionSource? ParseSource(string value) => value.ToLower(CultureInfo.InvariantCulture) switch
    {
        "user" => PromptInjectionSource.User,
        "document" => PromptInjectionSource.Document,
        "tool" => PromptInjectionSource.Tool,
        _ => null,
    };
}
