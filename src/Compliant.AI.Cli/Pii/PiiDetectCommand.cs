using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Compliant.AI.Cli.Pii;

/// <summary>
/// <c>compliant pii detect</c>: reads lines <c>{"id": ..., "text": ...}</c>, writes <c>{"id": ..., "entities": [{"type","start","end","score"}]}</c>
/// in input order. Exit 0 on success, 2 on a bad line (the reason names the line number, never its content).
/// </summary>
internal static class PiiDetectCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo?>("--input", "-i") { Description = "JSON Lines input (default: stdin)." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "JSON Lines output (default: stdout)." };
        var threshold = new Option<double?>("--threshold") { Description = "Minimum score (default 0.5)." };
        var command = new Command("detect", "Detect PII entities in each line's text.") { input, output, threshold };
        command.SetAction(async (parse, ct) =>
        {
            var options = new PiiDetectionOptions();
            if (parse.GetValue(threshold) is double t)
            {
                options.DefaultThreshold = t;
            }

            var detector = new PiiDetector(options);
            FileInfo? inFile = parse.GetValue(input);
            FileInfo? outFile = parse.GetValue(output);
            try
            {
                using TextReader reader = inFile is null ? Console.In : new StreamReader(inFile.FullName, Encoding.UTF8);
                Stream outStream = outFile is null ? Console.OpenStandardOutput() : File.Create(outFile.FullName);
                await using (outStream.ConfigureAwait(false))
                {
                    return await RunAsync(detector, reader, outStream, Console.Error, ct).ConfigureAwait(false);
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

    internal static async Task<int> RunAsync(IPiiDetector detector, TextReader reader, Stream output, TextWriter error, CancellationToken cancellationToken)
    {
        var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, SkipValidation = false });
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
            try
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind != JsonValueKind.Object ||
                    !doc.RootElement.TryGetProperty("text", out JsonElement textElement) || textElement.ValueKind != JsonValueKind.String)
                {
                    await error.WriteLineAsync($"error: line {lineNumber}: expected an object with a string \"text\" property").ConfigureAwait(false);
                    return 2;
                }

                id = doc.RootElement.TryGetProperty("id", out JsonElement idElement) ? idElement.Clone() : default;
                text = textElement.GetString()!;
            }
            catch (JsonException)
            {
                await error.WriteLineAsync($"error: line {lineNumber}: not valid JSON").ConfigureAwait(false);
                return 2;
            }

            IReadOnlyList<PiiEntity> entities = detector.Detect(text, cancellationToken);
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

            writer.WriteStartArray("entities");
            foreach (PiiEntity e in entities)
            {
                writer.WriteStartObject();
                writer.WriteString("type", e.Type);
                writer.WriteNumber("start", e.Start);
                writer.WriteNumber("end", e.End);
                writer.WriteNumber("score", Math.Round(e.Score, 4));
                writer.WriteEndObject();
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
}
