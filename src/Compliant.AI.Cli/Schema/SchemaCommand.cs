using System.Buffers;
using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Compliant.AI.Cli.Schema;

/// <summary><c>compliant schema validate</c>: checks JSON Lines against a JSON schema, or runs schema/instance cases.</summary>
internal static class SchemaCommand
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var schema = new Option<FileInfo?>("--schema") { Description = "The JSON schema file to validate each input line against." };
        var input = new Option<FileInfo?>("--input") { Description = "JSON Lines to validate, one JSON instance per line (default: stdin)." };
        var cases = new Option<FileInfo?>("--cases") { Description = "JSON Lines of {\"schema\": ..., \"instance\": ...[, \"valid\": expected]} cases (instead of --schema)." };
        var output = new Option<FileInfo?>("--output") { Description = "Where to write the result lines (default: stdout)." };
        var draft = new Option<string>("--draft") { Description = "Draft assumed when a schema has no $schema: 2020-12 or 7.", DefaultValueFactory = _ => "2020-12" };
        var maxBytes = new Option<int>("--max-bytes") { Description = "Largest instance accepted, in UTF-8 bytes.", DefaultValueFactory = _ => 1024 * 1024 };
        var maxDepth = new Option<int>("--max-depth") { Description = "Deepest nesting accepted in an instance.", DefaultValueFactory = _ => 64 };
        var maxWork = new Option<int>("--max-work") { Description = "Most validation steps per instance; more is reported invalid with keyword maxWork.", DefaultValueFactory = _ => 10_000_000 };
        var includeValues = new Option<bool>("--include-values") { Description = "Let error messages quote instance values and paths name properties the schema does not declare (they may be personal data)." };

        var validate = new Command("validate", "Validate JSON Lines against a JSON schema (exit 0: all valid, 1: some invalid, 2: bad schema or usage); or run --cases.")
        {
            schema, input, cases, output, draft, maxBytes, maxDepth, maxWork, includeValues,
        };
        validate.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter stderr = parse.InvocationConfiguration.Error;
            FileInfo? schemaFile = parse.GetValue(schema);
            FileInfo? casesFile = parse.GetValue(cases);
            if ((schemaFile is null) == (casesFile is null))
            {
                await stderr.WriteLineAsync("error: give exactly one of --schema or --cases").ConfigureAwait(false);
                return 2;
            }

            JsonSchemaValidatorOptions options;
            try
            {
                options = new JsonSchemaValidatorOptions
                {
                    DefaultDialect = parse.GetValue(draft) switch
                    {
                        "2020-12" => JsonSchemaDialect.Draft202012,
                        "7" or "draft7" or "draft-07" => JsonSchemaDialect.Draft7,
                        _ => throw new ArgumentException("--draft must be 2020-12 or 7"),
                    },
                    MaxInstanceBytes = Positive(parse.GetValue(maxBytes), "--max-bytes"),
                    MaxDepth = Positive(parse.GetValue(maxDepth), "--max-depth"),
                    MaxWork = Positive(parse.GetValue(maxWork), "--max-work"),
                    IncludeInstanceValues = parse.GetValue(includeValues),
                };
            }
            catch (ArgumentException ex)
            {
                await stderr.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return 2;
            }

            TextWriter? outputWriter = null;
            try
            {
                FileInfo? outputFile = parse.GetValue(output);
                outputWriter = outputFile is null ? null : new StreamWriter(outputFile.FullName, append: false, new UTF8Encoding(false));
                TextWriter stdout = outputWriter ?? parse.InvocationConfiguration.Output;
                if (casesFile is not null)
                {
                    return await RunCasesAsync(casesFile, options, stdout, stderr, cancellationToken).ConfigureAwait(false);
                }

                JsonSchemaValidator validator;
                try
                {
                    validator = JsonSchemaValidator.Compile(await File.ReadAllTextAsync(schemaFile!.FullName, cancellationToken).ConfigureAwait(false), options);
                }
                catch (Exception ex) when (ex is JsonSchemaException or IOException or UnauthorizedAccessException)
                {
                    await stderr.WriteLineAsync("error: schema: " + ex.Message).ConfigureAwait(false);
                    return 2;
                }

                FileInfo? inputFile = parse.GetValue(input);
                using TextReader reader = inputFile is null ? Console.In : new StreamReader(inputFile.FullName, Encoding.UTF8);
                return await ValidateLinesAsync(validator, reader, stdout, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                await stderr.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return 2;
            }
            finally
            {
                if (outputWriter is not null)
                {
                    await outputWriter.DisposeAsync().ConfigureAwait(false);
                }
            }
        });

        return new Command("schema", "JSON-schema checks for structured outputs.") { validate };
    }

    private static int Positive(int value, string name) => value > 0 ? value : throw new ArgumentException($"{name} must be positive");

    internal static async Task<int> ValidateLinesAsync(JsonSchemaValidator validator, TextReader reader, TextWriter output, CancellationToken cancellationToken)
    {
        bool allValid = true;
        int lineNumber = 0;
        var buffer = new ArrayBufferWriter<byte>();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonSchemaValidationResult result = validator.Validate(line, cancellationToken);
            allValid &= result.IsValid;
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteNumber("line", lineNumber);
                writer.WriteBoolean("valid", result.IsValid);
                writer.WriteStartArray("errors");
                foreach (JsonSchemaValidationError error in result.Errors)
                {
                    writer.WriteStartObject();
                    writer.WriteString("path", error.InstancePath);
                    writer.WriteString("keyword", error.Keyword);
                    writer.WriteString("schemaPath", error.KeywordPath);
                    writer.WriteString("message", error.Message);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return allValid ? 0 : 1;
    }

    internal static async Task<int> RunCasesAsync(FileInfo casesFile, JsonSchemaValidatorOptions options, TextWriter output, TextWriter stderr, CancellationToken cancellationToken)
    {
        bool allMatch = true;
        int lineNumber = 0;
        using var reader = new StreamReader(casesFile.FullName, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                await stderr.WriteLineAsync($"error: line {lineNumber}: not a JSON object").ConfigureAwait(false);
                return 2;
            }

            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out JsonElement schema) || !root.TryGetProperty("instance", out JsonElement instance))
                {
                    await stderr.WriteLineAsync($"error: line {lineNumber}: a case needs \"schema\" and \"instance\"").ConfigureAwait(false);
                    return 2;
                }

                bool valid;
                string? schemaError = null;
                try
                {
                    valid = JsonSchemaValidator.Compile(schema, options).Validate(instance, cancellationToken).IsValid;
                }
                catch (JsonSchemaException ex)
                {
                    valid = false;
                    schemaError = ex.Message;
                }

                bool? expected = root.TryGetProperty("valid", out JsonElement e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : null;
                if (expected is bool x && x != valid)
                {
                    allMatch = false;
                }

                var buffer = new ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
                {
                    writer.WriteStartObject();
                    writer.WriteBoolean("valid", valid);
                    if (expected is bool exp)
                    {
                        writer.WriteBoolean("expected", exp);
                    }

                    if (schemaError is not null)
                    {
                        writer.WriteString("schemaError", schemaError);
                    }

                    writer.WriteEndObject();
                }

                await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
            }
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return allMatch ? 0 : 1;
    }
}
