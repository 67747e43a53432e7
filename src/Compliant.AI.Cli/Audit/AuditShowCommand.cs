using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Compliant.AI.Cli.Audit;

/// <summary>
/// <c>compliant audit show PATH [filters]</c>: prints the audit records of a ledger as JSON Lines (one record per line,
/// exactly as stored), in ledger order. It does not verify; run <c>verify</c> for that.
/// </summary>
internal static class AuditShowCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A ledger directory, or one audit-*.jsonl file." };
        var user = new Option<string?>("--user") { Description = "Only records of this user id." };
        var tenant = new Option<string?>("--tenant") { Description = "Only records of this tenant." };
        var since = new Option<string?>("--since") { Description = "Only records at or after this ISO 8601 time." };
        var until = new Option<string?>("--until") { Description = "Only records before this ISO 8601 time." };
        var outcome = new Option<string?>("--outcome") { Description = "Only records with this outcome: Succeeded, Blocked, Failed, Cancelled." };
        var conversation = new Option<string?>("--conversation") { Description = "Only records of this conversation id." };
        var command = new Command("show", "Print audit records as JSON Lines, optionally filtered.") { path, user, tenant, since, until, outcome, conversation };
        command.SetAction(async (parse, ct) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            if (!TryParseTime(parse.GetValue(since), out DateTimeOffset? from) || !TryParseTime(parse.GetValue(until), out DateTimeOffset? to))
            {
                await error.WriteLineAsync("error: --since and --until take an ISO 8601 time, for example 2026-11-23T00:00:00Z").ConfigureAwait(false);
                return 2;
            }

            string? outcomeName = parse.GetValue(outcome);
            if (outcomeName is not null && !Enum.TryParse<AuditOutcome>(outcomeName, ignoreCase: true, out _))
            {
                await error.WriteLineAsync("error: --outcome must be one of Succeeded, Blocked, Failed, Cancelled").ConfigureAwait(false);
                return 2;
            }

            var filter = new Filter(parse.GetValue(user), parse.GetValue(tenant), from, to, outcomeName, parse.GetValue(conversation));
            string target = parse.GetRequiredValue(path);
            List<string> files;
            if (Directory.Exists(target))
            {
                files = [.. Directory.EnumerateFiles(target, "audit-*.jsonl").Order(StringComparer.Ordinal)];
            }
            else if (File.Exists(target))
            {
                files = [target];
            }
            else
            {
                await error.WriteLineAsync("error: the audit ledger path does not exist").ConfigureAwait(false);
                return 2;
            }

            try
            {
                foreach (string file in files)
                {
                    long lineNumber = 0;
                    using var reader = new StreamReader(file);
                    while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
                    {
                        lineNumber++;
                        if (TryGetRecord(line, out string? record, out bool isRecord))
                        {
                            if (isRecord && filter.Matches(record!))
                            {
                                await output.WriteLineAsync(record).ConfigureAwait(false);
                            }
                        }
                        else
                        {
                            await error.WriteLineAsync($"warning: {Path.GetFileName(file)} line {lineNumber} is not a ledger line; skipped").ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return 2;
            }

            return 0;
        });
        return command;
    }

    private static bool TryParseTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    private static bool TryGetRecord(string line, out string? record, out bool isRecord)
    {
        record = null;
        isRecord = false;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("kind", out JsonElement kind))
            {
                return false;
            }

            if (kind.ValueEquals("record") && doc.RootElement.TryGetProperty("rec", out JsonElement rec) && rec.ValueKind == JsonValueKind.Object)
            {
                record = rec.GetRawText();
                isRecord = true;
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private sealed record Filter(string? User, string? Tenant, DateTimeOffset? Since, DateTimeOffset? Until, string? Outcome, string? Conversation)
    {
        public bool Matches(string record)
        {
            if (User is null && Tenant is null && Since is null && Until is null && Outcome is null && Conversation is null)
            {
                return true;
            }

            using JsonDocument doc = JsonDocument.Parse(record);
            JsonElement root = doc.RootElement;
            JsonElement caller = root.TryGetProperty("caller", out JsonElement c) ? c : default;
            return Equal(caller, "userId", User)
                && Equal(caller, "tenantId", Tenant)
                && Equal(root, "conversationId", Conversation)
                && (Outcome is null || (root.TryGetProperty("outcome", out JsonElement o) && string.Equals(o.GetString(), Outcome, StringComparison.OrdinalIgnoreCase)))
                && InRange(root);
        }

        private bool InRange(JsonElement root)
        {
            if (Since is null && Until is null)
            {
                return true;
            }

            if (!root.TryGetProperty("timestamp", out JsonElement ts) || !ts.TryGetDateTimeOffset(out DateTimeOffset time))
            {
                return false;
            }

            return (Since is null || time >= Since) && (Until is null || time < Until);
        }

        private static bool Equal(JsonElement element, string name, string? expected) =>
            expected is null
            || (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value)
                && value.ValueKind == JsonValueKind.String && string.Equals(value.GetString(), expected, StringComparison.Ordinal));
    }
}
