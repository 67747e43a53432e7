using System.CommandLine;
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
        var extra = new ExtraRecognizerOptions();
        var command = new Command("detect", "Detect PII entities in each line's text.") { input, output, threshold };
        extra.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var options = new PiiDetectionOptions();
            if (parse.GetValue(threshold) is double t)
            {
                options.DefaultThreshold = t;
            }

            var detector = new PiiDetector(options, extra.Create(parse));
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

    internal static Task<int> RunAsync(IPiiDetector detector, TextReader reader, Stream output, TextWriter error, CancellationToken cancellationToken) =>
        PiiJsonLines.RunAsync(reader, output, error, new JsonWriterOptions { Indented = false }, (text, writer, ct) =>
        {
            writer.WriteStartArray("entities");
            foreach (PiiEntity e in detector.Detect(text, ct))
            {
                writer.WriteStartObject();
                writer.WriteString("type", e.Type);
                writer.WriteNumber("start", e.Start);
                writer.WriteNumber("end", e.End);
                writer.WriteNumber("score", Math.Round(e.Score, 4));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            return null;
        }, cancellationToken);
}
