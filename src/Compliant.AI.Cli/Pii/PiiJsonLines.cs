using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Compliant.AI.Cli.Pii;

/// <summary>
/// The JSON Lines loop shared by <c>pii detect</c> and <c>pii redact</c>: reads <c>{"id", "text"}</c> lines, echoes the
/// id, lets the command write its fields, and stops with exit code 2 and a one-line reason (never the text) on a bad line.
/// </summary>
internal static class PiiJsonLines
{
    /// <summary>Writes the command's fields for one line; returns an error reason to stop with exit code 2, or null.</summary>
    public delegate string? WriteFields(string text, Utf8JsonWriter writer, CancellationToken cancellationToken);

    public static async Task<int> RunAsync(TextReader reader, Stream output, TextWriter error, JsonWriterOptions writerOptions, WriteFields writeFields, CancellationToken cancellationToken)
    {
        var writer = new Utf8JsonWriter(output, writerOptions);
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
            catch (InvalidOperationException)
            {
                // System.Text.Json refuses escaped lone surrogates ("\ud800") in strings.
                await error.WriteLineAsync($"error: line {lineNumber}: \"text\" is not valid UTF-16 (lone surrogate)").ConfigureAwait(false);
                return 2;
            }

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

            if (writeFields(text, writer, cancellationToken) is { } reason)
            {
                await error.WriteLineAsync($"error: line {lineNumber}: {reason}").ConfigureAwait(false);
                return 2;
            }

            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            writer.Reset();
            await output.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
