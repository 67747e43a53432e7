using System.CommandLine;
using System.Text.Json;
using Compliant.AI;
using Compliant.AI.Cli;

namespace Compliant.AI.Cli.Tests.Audit;

public sealed class AuditCommandsTests : IDisposable
{
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "compliant-cli-audit-tests", Guid.NewGuid().ToString("N"));
    private readonly string _envA = "COMPLIANT_CLI_TEST_A_" + Guid.NewGuid().ToString("N");
    private readonly string _envB = "COMPLIANT_CLI_TEST_B_" + Guid.NewGuid().ToString("N");

    public AuditCommandsTests()
    {
        Directory.CreateDirectory(_dir);
        Environment.SetEnvironmentVariable(_envA, KeyA);
        Environment.SetEnvironmentVariable(_envB, KeyB);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_envA, null);
        Environment.SetEnvironmentVariable(_envB, null);
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Verify_IntactLedger_PrintsCountAndExitsZero()
    {
        await WriteAsync(5);

        (int code, string output, string error) = await RunAsync("audit", "verify", _dir, "--key-env", _envA, "--key-id", "a");

        Assert.Equal(0, code);
        Assert.Equal("intact: 5 records", output.Trim());
        Assert.Empty(error);
    }

    [Fact]
    public async Task Verify_SingleFile_ExitsZero()
    {
        await WriteAsync(3);

        (int code, string output, _) = await RunAsync("audit", "verify", LedgerFile(), "--key-env", _envA, "--key-id", "a");

        Assert.Equal(0, code);
        Assert.Equal("intact: 3 records", output.Trim());
    }

    [Fact]
    public async Task Verify_ChangedLine_PrintsLineAndExitsOne()
    {
        await WriteAsync(5);
        string file = LedgerFile();
        File.WriteAllText(file, File.ReadAllText(file).Replace("rec-3", "rec-X", StringComparison.Ordinal));

        (int code, string output, string error) = await RunAsync("audit", "verify", _dir, "--key-env", _envA, "--key-id", "a");

        Assert.Equal(1, code);
        Assert.Contains("ChangedLine", output, StringComparison.Ordinal);
        Assert.Contains($"{Path.GetFileName(file)} line 4", output, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("rec-", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RotatedKeys_NeedsBoth()
    {
        await WriteAsync(3);
        await WriteAsync(3, "b", KeyB);

        (int both, _, _) = await RunAsync("audit", "verify", _dir, "--key-env", _envA, "--key-id", "a", "--key-env", _envB, "--key-id", "b");
        (int onlyNew, string output, string error) = await RunAsync("audit", "verify", _dir, "--key-env", _envB, "--key-id", "b");

        Assert.Equal(0, both);
        Assert.Equal(1, onlyNew);
        Assert.Contains("UnknownKey", output, StringComparison.Ordinal);
        Assert.Contains("--key-id", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MissingKeyVariable_ExitsTwoWithReason()
    {
        await WriteAsync(1);

        (int code, string output, string error) = await RunAsync("audit", "verify", _dir, "--key-env", "COMPLIANT_CLI_TEST_UNSET_" + Guid.NewGuid().ToString("N"));

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("is not set", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Verify_MissingPath_ExitsTwo()
    {
        (int code, _, string error) = await RunAsync("audit", "verify", Path.Combine(_dir, "none"), "--key-env", _envA, "--key-id", "a");

        Assert.Equal(2, code);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_UnpairedKeyIds_ExitsTwo()
    {
        await WriteAsync(1);

        (int code, _, string error) = await RunAsync("audit", "verify", _dir, "--key-env", _envA, "--key-env", _envB, "--key-id", "a");

        Assert.Equal(2, code);
        Assert.Contains("pair up", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repair_TornFinalLine_CutsItThenVerifyIsIntact()
    {
        await WriteAsync(4);
        File.AppendAllText(LedgerFile(), "{\"v\":1,\"seq\":5,");

        (int before, string beforeOutput, _) = await RunAsync("audit", "verify", _dir, "--key-env", _envA, "--key-id", "a");
        (int repair, string repairOutput, _) = await RunAsync("audit", "repair", _dir, "--key-env", _envA, "--key-id", "a");
        (int after, string afterOutput, _) = await RunAsync("audit", "verify", _dir, "--key-env", _envA, "--key-id", "a");
        (int again, string againOutput, _) = await RunAsync("audit", "repair", _dir, "--key-env", _envA, "--key-id", "a");

        Assert.Equal(1, before);
        Assert.Contains("TornFinalLine", beforeOutput, StringComparison.Ordinal);
        Assert.Equal(0, repair);
        Assert.StartsWith("repaired: cut 15 bytes of the torn line 5", repairOutput, StringComparison.Ordinal);
        Assert.Equal(0, after);
        Assert.Equal("intact: 4 records", afterOutput.Trim());
        Assert.Equal(0, again);
        Assert.StartsWith("nothing to repair", againOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repair_OtherProblem_ExitsOneAndChangesNothing()
    {
        await WriteAsync(4);
        string file = LedgerFile();
        List<string> lines = [.. File.ReadAllLines(file)];
        lines.RemoveAt(1);
        File.WriteAllText(file, string.Concat(lines.Select(l => l + "\n")));
        byte[] before = File.ReadAllBytes(file);

        (int code, _, string error) = await RunAsync("audit", "repair", _dir, "--key-env", _envA, "--key-id", "a");

        Assert.Equal(1, code);
        Assert.Contains("MissingLine", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public async Task Repair_LedgerOpenByApplication_ExitsTwo()
    {
        await WriteAsync(1);
        await using var open = new FileAuditLedger(new AuditLedgerOptions { Directory = _dir, KeyId = "a", Key = KeyA });

        (int code, _, string error) = await RunAsync("audit", "repair", _dir, "--key-env", _envA, "--key-id", "a");

        Assert.Equal(2, code);
        Assert.Contains("in use", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_NoFilters_PrintsEveryRecordAsJsonLines()
    {
        await WriteAsync(6);

        (int code, string output, _) = await RunAsync("audit", "show", _dir);

        string[] lines = output.Trim().Split('\n');
        Assert.Equal(0, code);
        Assert.Equal(6, lines.Length);
        Assert.All(lines, l => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(l).RootElement.ValueKind));
        Assert.Equal("rec-0", JsonDocument.Parse(lines[0]).RootElement.GetProperty("recordId").GetString());
    }

    [Theory]
    [InlineData(new[] { "--user", "user-1" }, new[] { "rec-1", "rec-4" })]
    [InlineData(new[] { "--tenant", "tenant-b" }, new[] { "rec-1", "rec-3", "rec-5" })]
    [InlineData(new[] { "--outcome", "failed" }, new[] { "rec-2", "rec-5" })]
    [InlineData(new[] { "--conversation", "conv-0" }, new[] { "rec-0", "rec-2", "rec-4" })]
    [InlineData(new[] { "--since", "2026-11-23T12:00:02Z", "--until", "2026-11-23T12:00:04Z" }, new[] { "rec-2", "rec-3" })]
    [InlineData(new[] { "--user", "user-1", "--tenant", "tenant-b" }, new[] { "rec-1" })]
    public async Task Show_Filters_SelectMatchingRecords(string[] filters, string[] expected)
    {
        await WriteAsync(6);

        (int code, string output, _) = await RunAsync(["audit", "show", _dir, .. filters]);

        Assert.Equal(0, code);
        string[] ids = [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("recordId").GetString()!)];
        Assert.Equal(expected, ids);
    }

    [Theory]
    [InlineData("--since", "yesterday-ish")]
    [InlineData("--outcome", "Exploded")]
    public async Task Show_BadFilter_ExitsTwo(string option, string value)
    {
        await WriteAsync(1);

        (int code, string output, string error) = await RunAsync("audit", "show", _dir, option, value);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_SkipsRepairAndKeyLinesAndWarnsOnTornLine()
    {
        await WriteAsync(2);
        await WriteAsync(2, "b", KeyB);
        File.AppendAllText(LedgerFile(), "{\"v\":1,");

        (int code, string output, string error) = await RunAsync("audit", "show", _dir);

        Assert.Equal(0, code);
        Assert.Equal(4, output.Trim().Split('\n').Length);
        Assert.Contains("line 6 is not a ledger line", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WrongKey_ReportsWrongKeyAndExitsOne()
    {
        await WriteAsync(3);

        (int code, string output, string error) = await RunAsync("audit", "verify", _dir, "--key-env", _envB, "--key-id", "a");

        Assert.Equal(1, code);
        Assert.StartsWith("not intact: WrongKey", output.Trim(), StringComparison.Ordinal);
        Assert.Contains("WrongKey", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ChangedLine", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TailCutAndCheckpointDeleted_WithWitnessTruncatedTail_WithoutMissingCheckpoint()
    {
        string witnessDir = _dir + "-witness";
        string witness = Path.Combine(witnessDir, "ledger.witness");
        try
        {
            await using (var ledger = new FileAuditLedger(new AuditLedgerOptions { Directory = _dir, KeyId = "a", Key = KeyA, WitnessPath = witness }))
            {
                for (int i = 0; i < 10; i++)
                {
                    await ledger.WriteAsync(new AuditRecord { RecordId = $"rec-{i}", Timestamp = new DateTimeOffset(2026, 11, 23, 12, 0, i, TimeSpan.Zero) });
                }
            }

            (int intact, string intactOutput, _) = await RunAsync("audit", "verify", _dir, "--key-env", _envA, "--key-id", "a", "--witness", witness);
            Assert.Equal(0, intact);
            Assert.Equal("intact: 10 records (witnessed through sequence 10 of 10)", intactOutput.Trim());

            string[] lines = File.ReadAllLines(LedgerFile());
            File.WriteAllText(LedgerFile(), string.Concat(lines.Take(7).Select(l => l + "\n")));
            File.Delete(Path.Combine(_dir, "ledger.checkpoint"));

            (int withWitness, string output, _) = await RunAsync("audit", "verify", _dir, "--key-env", _envA, "--key-id", "a", "--witness", witness);
            (int without, string outputWithout, _) = await RunAsync("audit", "verify", _dir, "--key-env", _envA, "--key-id", "a");

            Assert.Equal(1, withWitness);
            Assert.StartsWith("not intact: TruncatedTail", output.Trim(), StringComparison.Ordinal);
            Assert.Equal(1, without);
            Assert.StartsWith("not intact: MissingCheckpoint", outputWithout.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(witnessDir, recursive: true);
        }
    }

    [Fact]
    public async Task Verify_WitnessIsADirectory_ExitsTwo()
    {
        await WriteAsync(1);

        (int code, _, string error) = await RunAsync("audit", "verify", _dir, "--key-env", _envA, "--key-id", "a", "--witness", _dir);

        Assert.Equal(2, code);
        Assert.Contains("--witness", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repair_AcceptClock_LedgerNotAhead_NothingToRepairExitsZero()
    {
        await WriteAsync(2); // records dated 2026-11-23; the ledger's own line times come from the real clock at writing

        (int code, string output, _) = await RunAsync("audit", "repair", _dir, "--accept-clock", "--key-env", _envA, "--key-id", "a");

        Assert.Equal(0, code);
        Assert.StartsWith("nothing to repair", output.Trim(), StringComparison.Ordinal);
    }

    private string LedgerFile() => Directory.GetFiles(_dir, "audit-*.jsonl").Single();

    private async Task WriteAsync(int count, string keyId = "a", string? key = null)
    {
        int existing = Directory.GetFiles(_dir, "audit-*.jsonl").Sum(f => File.ReadAllLines(f).Length);
        await using var ledger = new FileAuditLedger(new AuditLedgerOptions { Directory = _dir, KeyId = keyId, Key = key ?? KeyA });
        for (int i = existing; i < existing + count; i++)
        {
            await ledger.WriteAsync(new AuditRecord
            {
                RecordId = $"rec-{i}",
                Timestamp = new DateTimeOffset(2026, 11, 23, 12, 0, i, TimeSpan.Zero),
                ConversationId = $"conv-{i % 2}",
                Caller = new AuditCaller { UserId = $"user-{i % 3}", TenantId = i % 2 == 0 ? "tenant-a" : "tenant-b" },
                Outcome = i % 3 == 2 ? AuditOutcome.Failed : AuditOutcome.Succeeded,
            });
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        RootCommand root = CliApp.CreateRootCommand();
        int code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), error.ToString());
    }
}
