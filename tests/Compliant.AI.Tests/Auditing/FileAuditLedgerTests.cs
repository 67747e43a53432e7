using System.Text;
using Compliant.AI;
using Microsoft.Extensions.Time.Testing;
using static Compliant.AI.Tests.Auditing.LedgerTestSupport;

namespace Compliant.AI.Tests.Auditing;

public class FileAuditLedgerTests
{
    [Fact]
    public async Task WriteAsync_SomeRecords_LedgerVerifiesIntact()
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 10))
        {
        }

        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA]);

        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(10, result.RecordCount);
        Assert.True(result.CheckpointVerified);
        Assert.Equal("intact: 10 records", result.ToString());
    }

    [Fact]
    public async Task LineMac_IsDomainSeparatedFromMessageDigests()
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 1))
        {
        }

        // A caller who sends "prev || body" as a chat message gets its digest stored in a record; it must not be the line's MAC.
        string line = File.ReadAllLines(OnlyFile(dir.Path))[0];
        string body = line[..line.IndexOf(",\"mac\":\"", StringComparison.Ordinal)];
        string mac = line[(line.IndexOf(",\"mac\":\"", StringComparison.Ordinal) + 8)..^2];
        string crafted = new string('\0', 32) + body;

        Assert.NotEqual(mac, AuditKeyA.DigestText(crafted));
        Assert.NotEqual(mac, AuditKeyA.DigestText(body));
    }

    [Fact]
    public async Task WriteAsync_LineFormat_HasChainFieldsAndNoKey()
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 2))
        {
        }

        string[] lines = File.ReadAllLines(OnlyFile(dir.Path));
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"v\":1,\"seq\":1,\"ts\":\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"kid\":\"a\",\"kind\":\"record\",\"prev\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"rec\":{", lines[0], StringComparison.Ordinal);
        Assert.Matches("^.*,\"mac\":\"[A-Za-z0-9+/]{43}=\"}$", lines[0]);
        Assert.Contains("\"seq\":2", lines[1], StringComparison.Ordinal);
        foreach (string file in Directory.GetFiles(dir.Path))
        {
            Assert.DoesNotContain(KeyA, File.ReadAllText(file), StringComparison.Ordinal);
        }
    }
}

public class FileAuditLedgerBehaviourTests
{
    [Fact]
    public async Task WriteAsync_32ConcurrentWritersX2000_EveryRecordExactlyOnceAndIntact()
    {
        using var dir = new TempDirectory();
        const int Writers = 32;
        const int PerWriter = 2000;
        await using (var ledger = new FileAuditLedger(Options(dir.Path)))
        {
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                for (int i = 0; i < PerWriter; i++)
                {
                    AuditRecord record = Record(i);
                    record.RecordId = $"w{w}-{i}";
                    await ledger.WriteAsync(record);
                }
            })));
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(dir.Path, "audit-*.jsonl"))
        {
            foreach (string line in File.ReadLines(file))
            {
                using var doc = System.Text.Json.JsonDocument.Parse(line);
                string id = doc.RootElement.GetProperty("rec").GetProperty("recordId").GetString()!;
                ids[id] = ids.GetValueOrDefault(id) + 1;
            }
        }

        Assert.Equal(Writers * PerWriter, ids.Count);
        Assert.All(ids.Values, count => Assert.Equal(1, count));
        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA]);
        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(Writers * PerWriter, result.RecordCount);
    }

    [Fact]
    public async Task WriteAsync_SmallMaxFileBytes_RollsAndChainContinuesAcrossFiles()
    {
        using var dir = new TempDirectory();
        AuditLedgerOptions options = Options(dir.Path);
        options.MaxFileBytes = 4096;
        await using (await WriteLedgerAsync(dir.Path, 40, options))
        {
        }

        string[] files = [.. Directory.GetFiles(dir.Path, "audit-*.jsonl").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.True(files.Length > 3, $"expected several files, got {files.Length}");
        Assert.Equal("audit-00000001-", files[0]![..15]);
        Assert.All(files, f => Assert.True(new FileInfo(Path.Combine(dir.Path, f!)).Length <= 4096));
        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA]);
        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(40, result.RecordCount);
        Assert.Equal(files.Length, result.FileCount);
    }

    [Fact]
    public async Task VerifyAsync_MiddleFileDeleted_ReportsMissingFile()
    {
        using var dir = new TempDirectory();
        AuditLedgerOptions options = Options(dir.Path);
        options.MaxFileBytes = 4096;
        await using (await WriteLedgerAsync(dir.Path, 40, options))
        {
        }

        string second = Directory.GetFiles(dir.Path, "audit-00000002-*.jsonl").Single();
        File.Delete(second);

        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA]);
        Assert.Equal(AuditLedgerProblem.MissingFile, result.Problem);
        Assert.StartsWith("audit-00000003-", result.FileName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_LastFileDeleted_ReportsTruncatedTail()
    {
        using var dir = new TempDirectory();
        AuditLedgerOptions options = Options(dir.Path);
        options.MaxFileBytes = 4096;
        await using (await WriteLedgerAsync(dir.Path, 40, options))
        {
        }

        File.Delete(Directory.GetFiles(dir.Path, "audit-*.jsonl").Order(StringComparer.Ordinal).Last());

        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA]);
        Assert.Equal(AuditLedgerProblem.TruncatedTail, result.Problem);
    }

    [Fact]
    public async Task WriteAsync_NewUtcDay_StartsNewFileAndVerifies()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 23, 59, 0, TimeSpan.Zero));
        await using (var ledger = new FileAuditLedger(Options(dir.Path), time))
        {
            await ledger.WriteAsync(Record(1));
            time.Advance(TimeSpan.FromMinutes(2));
            await ledger.WriteAsync(Record(2));
        }

        string[] files = [.. Directory.GetFiles(dir.Path, "audit-*.jsonl").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.Equal(["audit-00000001-20261123.jsonl", "audit-00000002-20261124.jsonl"], files);
        Assert.True((await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA])).IsIntact);
    }

    [Fact]
    public async Task Reopen_ContinuesTheChain()
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 5))
        {
        }

        await using (await WriteLedgerAsync(dir.Path, 5))
        {
        }

        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA]);
        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(10, result.RecordCount);
        Assert.Equal(10, result.LastSequence);
    }

    [Fact]
    public async Task KeyRotation_VerifiesWithBothKeys_FailsWithOnlyOne()
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 5))
        {
        }

        await using (await WriteLedgerAsync(dir.Path, 5, Options(dir.Path, "b", KeyB)))
        {
        }

        string[] lines = File.ReadAllLines(OnlyFile(dir.Path));
        Assert.Equal(11, lines.Length);
        Assert.Contains("\"kid\":\"b\",\"kind\":\"key\"", lines[5], StringComparison.Ordinal);
        Assert.Contains("\"prevKid\":\"a\"", lines[5], StringComparison.Ordinal);

        AuditLedgerVerificationResult both = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA, AuditKeyB]);
        Assert.True(both.IsIntact, both.ToString());
        Assert.Equal(10, both.RecordCount);

        AuditLedgerVerificationResult onlyNew = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyB]);
        Assert.Equal(AuditLedgerProblem.UnknownKey, onlyNew.Problem);
        Assert.Equal(1, onlyNew.LineNumber);

        AuditLedgerVerificationResult onlyOld = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA]);
        Assert.Equal(AuditLedgerProblem.UnknownKey, onlyOld.Problem);
        Assert.Equal(6, onlyOld.LineNumber);
    }

    [Fact]
    public async Task VerifyAsync_KeyChangeWithoutRotationLine_ReportsUnexpectedKeyChange()
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 3))
        {
        }

        await using (await WriteLedgerAsync(dir.Path, 3, Options(dir.Path, "b", KeyB)))
        {
        }

        // Remove the rotation line and re-chain nothing: the chain breaks at that point.
        string file = OnlyFile(dir.Path);
        List<string> lines = [.. File.ReadAllLines(file)];
        lines.RemoveAt(3);
        File.WriteAllText(file, string.Concat(lines.Select(l => l + "\n")));

        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA, AuditKeyB]);
        Assert.False(result.IsIntact);
        Assert.Equal(4, result.LineNumber);
    }

    [Fact]
    public async Task Open_TornFinalLine_RepairsByDefaultAndRecordsIt()
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 5))
        {
        }

        string file = OnlyFile(dir.Path);
        const string Torn = "{\"v\":1,\"seq\":6,\"ts\":\"20";
        File.AppendAllText(file, Torn);
        Assert.Equal(AuditLedgerProblem.TornFinalLine, (await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA])).Problem);

        await using (await WriteLedgerAsync(dir.Path, 1))
        {
        }

        string[] lines = File.ReadAllLines(file);
        Assert.Equal(7, lines.Length);
        Assert.Contains("\"kind\":\"repair\"", lines[5], StringComparison.Ordinal);
        Assert.Contains($"\"removedBytes\":{Torn.Length}", lines[5], StringComparison.Ordinal);
        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA]);
        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(6, result.RecordCount);
    }

    [Fact]
    public async Task Open_TornFinalLineWithRepairOff_RefusesUntilRepaired()
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 5))
        {
        }

        string file = OnlyFile(dir.Path);
        File.AppendAllText(file, "{\"v\":1,\"se");
        byte[] before = File.ReadAllBytes(file);
        AuditLedgerOptions options = Options(dir.Path);
        options.RepairTornTailOnOpen = false;

        await using (var ledger = new FileAuditLedger(options))
        {
            Assert.True(ledger.IsRefusingAppends);
            AuditLedgerCorruptedException ex = await Assert.ThrowsAsync<AuditLedgerCorruptedException>(() => ledger.WriteAsync(Record(9)).AsTask());
            Assert.Equal(AuditLedgerProblem.TornFinalLine, ex.Verification!.Problem);
            Assert.Contains("compliant audit repair", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, File.ReadAllBytes(file));
        AuditLedgerRepairResult repair = await AuditLedgerRepair.RepairAsync(dir.Path, [AuditKeyA]);
        Assert.Equal(AuditLedgerRepairStatus.Repaired, repair.Status);

        await using (var ledger = new FileAuditLedger(options))
        {
            await ledger.WriteAsync(Record(9));
        }

        Assert.True((await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA])).IsIntact);
    }

    [Fact]
    public async Task Open_ChangedLine_RefusesAppendsAndChangesNothing()
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 5))
        {
        }

        string file = OnlyFile(dir.Path);
        File.WriteAllText(file, File.ReadAllText(file).Replace("user-2", "user-9", StringComparison.Ordinal));
        byte[] before = File.ReadAllBytes(file);
        byte[] checkpointBefore = File.ReadAllBytes(Path.Combine(dir.Path, "ledger.checkpoint"));

        await using (var ledger = new FileAuditLedger(Options(dir.Path)))
        {
            Assert.Equal(AuditLedgerProblem.ChangedLine, ledger.OpenProblem!.Problem);
            AuditLedgerCorruptedException ex = await Assert.ThrowsAsync<AuditLedgerCorruptedException>(() => ledger.WriteAsync(Record(9)).AsTask());
            Assert.Equal(3, ex.Verification!.LineNumber);
            Assert.DoesNotContain("user", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.Equal(checkpointBefore, File.ReadAllBytes(Path.Combine(dir.Path, "ledger.checkpoint")));
        Assert.Equal(AuditLedgerRepairStatus.NotRepairable, (await AuditLedgerRepair.RepairAsync(dir.Path, [AuditKeyA])).Status);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public async Task Open_TailTruncatedBeforeCheckpoint_Refuses()
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 5))
        {
        }

        string file = OnlyFile(dir.Path);
        string[] lines = File.ReadAllLines(file);
        File.WriteAllText(file, string.Concat(lines.Take(4).Select(l => l + "\n")));

        await using var ledger = new FileAuditLedger(Options(dir.Path));
        AuditLedgerCorruptedException ex = await Assert.ThrowsAsync<AuditLedgerCorruptedException>(() => ledger.WriteAsync(Record(9)).AsTask());
        Assert.Equal(AuditLedgerProblem.TruncatedTail, ex.Verification!.Problem);
    }

    [Fact]
    public async Task StaleCheckpoint_AsAfterCrashBeforeCheckpointUpdate_IsNotTampering()
    {
        using var dir = new TempDirectory();
        string checkpoint = Path.Combine(dir.Path, "ledger.checkpoint");
        await using (var ledger = await WriteLedgerAsync(dir.Path, 3))
        {
            byte[] stale = File.ReadAllBytes(checkpoint);
            await ledger.WriteAsync(Record(3));
            await ledger.WriteAsync(Record(4));
            await ledger.DisposeAsync();
            File.WriteAllBytes(checkpoint, stale);
        }

        Assert.True((await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA])).IsIntact);
        await using (await WriteLedgerAsync(dir.Path, 1))
        {
        }

        Assert.Equal(6, (await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA])).RecordCount);
    }

    [Fact]
    public async Task WriteAsync_RecordTooLarge_ThrowsTypedAndWritesNothing()
    {
        using var dir = new TempDirectory();
        AuditLedgerOptions options = Options(dir.Path);
        options.MaxRecordBytes = 2048;
        await using var ledger = await WriteLedgerAsync(dir.Path, 1, options);
        AuditRecord big = Record(2);
        big.SourceIds = [.. Enumerable.Range(0, 500).Select(i => $"source-{i}")];

        AuditRecordTooLargeException ex = await Assert.ThrowsAsync<AuditRecordTooLargeException>(() => ledger.WriteAsync(big).AsTask());
        Assert.DoesNotContain("source-", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<AuditWriteException>(ex);

        await ledger.WriteAsync(Record(3));
        await ledger.DisposeAsync();
        Assert.Equal(2, (await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA])).RecordCount);
    }

    [Fact]
    public async Task WriteAsync_ClockBackBeyondTolerance_ThrowsTypedAndKeepsLedger()
    {
        using var dir = new TempDirectory();
        var time = new ManualClock { Now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero) };
        await using var ledger = new FileAuditLedger(Options(dir.Path), time);
        await ledger.WriteAsync(Record(1));
        byte[] before = File.ReadAllBytes(OnlyFile(dir.Path));

        time.Now = time.Now.AddMinutes(-1);
        await Assert.ThrowsAsync<AuditClockException>(() => ledger.WriteAsync(Record(2)).AsTask());
        Assert.Equal(before, File.ReadAllBytes(OnlyFile(dir.Path)));

        time.Now = time.Now.AddSeconds(58); // 2 s behind: within the 5 s tolerance, clamped
        await ledger.WriteAsync(Record(3));
        await ledger.DisposeAsync();

        string[] lines = File.ReadAllLines(OnlyFile(dir.Path));
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"ts\":\"2026-11-23T12:00:00+00:00\"", lines[1], StringComparison.Ordinal);
        Assert.True((await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA])).IsIntact);
    }

    [Fact]
    public void Constructor_NoKey_ThrowsOptionsValidationNamingTheVariable()
    {
        using var dir = new TempDirectory();
        var options = new AuditLedgerOptions { Directory = dir.Path, KeyEnvironmentVariable = "COMPLIANT_TEST_UNSET_" + Guid.NewGuid().ToString("N") };

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new FileAuditLedger(options));
        Assert.Contains(options.KeyEnvironmentVariable, ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Constructor_KeyFromEnvironment_Works()
    {
        using var dir = new TempDirectory();
        string variable = "COMPLIANT_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, KeyA);
        try
        {
            using var ledger = new FileAuditLedger(new AuditLedgerOptions { Directory = dir.Path, KeyId = "a", KeyEnvironmentVariable = variable });
            Assert.Equal("a", ledger.KeyId);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Constructor_UnwritableDirectory_ThrowsAuditWriteException()
    {
        using var dir = new TempDirectory();
        string blocker = Path.Combine(dir.Path, "a-file");
        File.WriteAllText(blocker, "x");

        var ex = Assert.Throws<AuditWriteException>(() => new FileAuditLedger(Options(Path.Combine(blocker, "ledger"))));
        Assert.Contains("cannot be created", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_LedgerInUse_ThrowsAuditWriteException()
    {
        using var dir = new TempDirectory();
        using var first = new FileAuditLedger(Options(dir.Path));

        var ex = Assert.Throws<AuditWriteException>(() => new FileAuditLedger(Options(dir.Path)));
        Assert.Contains("another process", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_FlushFails_FailsClosedWithAuditWriteExceptionAndStaysFaulted()
    {
        using var dir = new TempDirectory();
        var failing = new FailSwitch();
        using var failures = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(null, "Compliant.AI", "compliant_ai.audit.failures");
        await using var ledger = new FileAuditLedger(Options(dir.Path), null, null, (path, mode) => new FailingFileStream(path, mode, failing));
        await ledger.WriteAsync(Record(1));

        failing.Fail = true;
        AuditWriteException ex = await Assert.ThrowsAsync<AuditWriteException>(() => ledger.WriteAsync(Record(2)).AsTask());
        Assert.IsType<IOException>(ex.InnerException);
        Assert.True(ledger.IsRefusingAppends);
        Assert.Contains(failures.GetMeasurementSnapshot(), m => (string?)m.Tags["error.type"] == "AuditWriteException");

        failing.Fail = false;
        await Assert.ThrowsAsync<AuditWriteException>(() => ledger.WriteAsync(Record(3)).AsTask());
    }

    [Fact]
    public async Task WriteAsync_FlushFailsForABatch_EveryAppendOfTheBatchFails()
    {
        using var dir = new TempDirectory();
        var failing = new FailSwitch { Fail = true };
        await using var ledger = new FileAuditLedger(Options(dir.Path), null, null, (path, mode) => new FailingFileStream(path, mode, failing));

        Task[] appends = [.. Enumerable.Range(0, 50).Select(i => ledger.WriteAsync(Record(i)).AsTask())];
        foreach (Task append in appends)
        {
            await Assert.ThrowsAsync<AuditWriteException>(() => append);
        }
    }

    [Fact]
    public async Task DisposeAsync_WithQueuedAppends_WritesThemAll()
    {
        using var dir = new TempDirectory();
        var ledger = new FileAuditLedger(Options(dir.Path));
        Task[] appends = [.. Enumerable.Range(0, 500).Select(i => ledger.WriteAsync(Record(i)).AsTask())];
        await ledger.DisposeAsync();
        await Task.WhenAll(appends);

        Assert.Equal(500, (await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA])).RecordCount);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => ledger.WriteAsync(Record(1)).AsTask());
    }

    [Fact]
    public async Task WriteAsync_RecordChangedAfterwards_LedgerKeepsWhatWasWritten()
    {
        using var dir = new TempDirectory();
        AuditRecord record = Record(1);
        await using (var ledger = new FileAuditLedger(Options(dir.Path)))
        {
            await ledger.WriteAsync(record);
            record.Caller.UserId = "changed";
        }

        Assert.DoesNotContain("changed", File.ReadAllText(OnlyFile(dir.Path)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_RecordsMetrics()
    {
        using var dir = new TempDirectory();
        using var written = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(null, "Compliant.AI", "compliant_ai.audit.records_written");
        using var batch = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(null, "Compliant.AI", "compliant_ai.audit.batch_size");
        using var duration = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<double>(null, "Compliant.AI", "compliant_ai.audit.append.duration");
        await using (await WriteLedgerAsync(dir.Path, 3))
        {
        }

        Assert.True(written.GetMeasurementSnapshot().Sum(m => m.Value) >= 3);
        Assert.NotEmpty(batch.GetMeasurementSnapshot());
        Assert.NotEmpty(duration.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task WriteAsync_WithListener_EmitsOneSpanPerBatch()
    {
        using var dir = new TempDirectory();
        var spans = new List<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "Compliant.AI",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        await using (await WriteLedgerAsync(dir.Path, 3))
        {
        }

        lock (spans)
        {
            Assert.Contains(spans, a => a.OperationName == "compliant_ai.audit.append");
        }
    }

    [Fact]
    public async Task Logs_NeverContainRecordContent()
    {
        using var dir = new TempDirectory();
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<FileAuditLedger>();
        const string Canary = "CANARY-7f3a";
        await using (var ledger = new FileAuditLedger(Options(dir.Path), null, logger))
        {
            await ledger.WriteAsync(Record(1, user: Canary, tenant: Canary));
        }

        string file = OnlyFile(dir.Path);
        File.AppendAllText(file, "{\"torn");
        await using (var ledger = new FileAuditLedger(Options(dir.Path), null, logger))
        {
            await ledger.WriteAsync(Record(2, user: Canary));
        }

        Assert.NotEmpty(logger.Collector.GetSnapshot());
        Assert.All(logger.Collector.GetSnapshot(), r =>
        {
            Assert.InRange(r.Id.Id, 1050, 1069);
            Assert.DoesNotContain(Canary, r.Message, StringComparison.Ordinal);
        });
    }

    // ----- Issue 10, row 1: lost records must be detectable (tail cut plus checkpoint deleted) -----

    [Fact]
    public async Task Open_TailCutAndCheckpointDeleted_RefusesWithMissingCheckpointAndWritesNoNewCheckpoint()
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 10))
        {
        }

        CutLastLines(OnlyFile(dir.Path), 3);
        File.Delete(Path.Combine(dir.Path, "ledger.checkpoint"));

        await using (var ledger = new FileAuditLedger(Options(dir.Path)))
        {
            AuditLedgerCorruptedException ex = await Assert.ThrowsAsync<AuditLedgerCorruptedException>(() => ledger.WriteAsync(Record(11)).AsTask());
            Assert.Equal(AuditLedgerProblem.MissingCheckpoint, ex.Verification!.Problem);
        }

        Assert.False(File.Exists(Path.Combine(dir.Path, "ledger.checkpoint")));
        Assert.Equal(AuditLedgerProblem.MissingCheckpoint, (await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA])).Problem);
    }

    [Fact]
    public async Task Open_NewestFileAndCheckpointDeleted_Refuses()
    {
        using var dir = new TempDirectory();
        AuditLedgerOptions options = Options(dir.Path);
        options.MaxFileBytes = 4096;
        await using (await WriteLedgerAsync(dir.Path, 30, options))
        {
        }

        string[] files = [.. Directory.GetFiles(dir.Path, "audit-*.jsonl").Order(StringComparer.Ordinal)];
        Assert.True(files.Length >= 3);
        File.Delete(files[^1]);
        File.Delete(Path.Combine(dir.Path, "ledger.checkpoint"));

        await using var ledger = new FileAuditLedger(options);
        AuditLedgerCorruptedException ex = await Assert.ThrowsAsync<AuditLedgerCorruptedException>(() => ledger.WriteAsync(Record(31)).AsTask());
        Assert.Equal(AuditLedgerProblem.MissingCheckpoint, ex.Verification!.Problem);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Open_WithWitness_TailOrNewestFileCutWithCheckpoint_ReportsTruncatedTail(bool deleteNewestFile)
    {
        using var dir = new TempDirectory();
        using var witnessDir = new TempDirectory();
        AuditLedgerOptions options = WitnessedOptions(dir.Path, witnessDir.Path);
        options.MaxFileBytes = deleteNewestFile ? 4096 : options.MaxFileBytes;
        await using (await WriteLedgerAsync(dir.Path, 30, options))
        {
        }

        string[] files = [.. Directory.GetFiles(dir.Path, "audit-*.jsonl").Order(StringComparer.Ordinal)];
        if (deleteNewestFile)
        {
            File.Delete(files[^1]);
        }
        else
        {
            CutLastLines(files[^1], 3);
        }

        File.Delete(Path.Combine(dir.Path, "ledger.checkpoint"));

        await using (var ledger = new FileAuditLedger(options))
        {
            Assert.Equal(AuditLedgerProblem.TruncatedTail, ledger.OpenProblem?.Problem);
            await Assert.ThrowsAsync<AuditLedgerCorruptedException>(() => ledger.WriteAsync(Record(31)).AsTask());
        }

        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA], new FileAuditCheckpointWitness(options.WitnessPath!));
        Assert.Equal(AuditLedgerProblem.TruncatedTail, result.Problem);
    }

    [Fact]
    public async Task Open_WithWitness_EveryFileAndCheckpointDeleted_ReportsTruncatedTail()
    {
        using var dir = new TempDirectory();
        using var witnessDir = new TempDirectory();
        AuditLedgerOptions options = WitnessedOptions(dir.Path, witnessDir.Path);
        await using (await WriteLedgerAsync(dir.Path, 5, options))
        {
        }

        foreach (string file in Directory.GetFiles(dir.Path))
        {
            File.Delete(file);
        }

        await using var ledger = new FileAuditLedger(options);
        Assert.Equal(AuditLedgerProblem.TruncatedTail, ledger.OpenProblem?.Problem);
        Assert.Empty(Directory.GetFiles(dir.Path, "audit-*.jsonl"));
    }

    [Fact]
    public async Task Open_WitnessEmptyWhileLedgerHasLines_RefusesUntilTheWitnessIsStarted()
    {
        using var dir = new TempDirectory();
        using var witnessDir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 4))
        {
        }

        AuditLedgerOptions options = WitnessedOptions(dir.Path, witnessDir.Path);
        await using (var refused = new FileAuditLedger(options))
        {
            Assert.Equal(AuditLedgerProblem.MissingCheckpoint, refused.OpenProblem?.Problem);
        }

        var witness = new FileAuditCheckpointWitness(options.WitnessPath!);
        AuditLedgerRepairResult started = await AuditLedgerRepair.RepairAsync(dir.Path, [AuditKeyA], witness);
        Assert.Equal(AuditLedgerRepairStatus.WitnessInitialized, started.Status);
        Assert.Equal(4, (await witness.ReadAsync())!.Sequence);

        await using (var ledger = new FileAuditLedger(options))
        {
            await ledger.WriteAsync(Record(5));
        }

        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA], witness);
        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(5, result.WitnessedSequence);
    }

    [Fact]
    public async Task WriteAsync_WitnessRecordInterval_PublishesEveryNLinesAndOnClose()
    {
        using var dir = new TempDirectory();
        using var witnessDir = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        AuditLedgerOptions options = WitnessedOptions(dir.Path, witnessDir.Path);
        options.WitnessRecordInterval = 3;
        var witness = new FileAuditCheckpointWitness(options.WitnessPath!);

        await using (var ledger = new FileAuditLedger(options, time))
        {
            Assert.Equal(0, (await witness.ReadAsync())!.Sequence); // the genesis head, published when the ledger was created
            for (int i = 0; i < 7; i++)
            {
                await ledger.WriteAsync(Record(i));
            }

            long witnessed = (await witness.ReadAsync())!.Sequence;
            Assert.InRange(witnessed, 6, 7); // one append per batch: published at 3 and 6
        }

        Assert.Equal(7, (await witness.ReadAsync())!.Sequence);
    }

    [Fact]
    public async Task WriteAsync_WitnessTimeInterval_PublishesTheIdleTailByTheFakeClock()
    {
        using var dir = new TempDirectory();
        using var witnessDir = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        AuditLedgerOptions options = WitnessedOptions(dir.Path, witnessDir.Path);
        options.WitnessRecordInterval = 1000;
        options.WitnessTimeInterval = TimeSpan.FromSeconds(2);
        var witness = new FileAuditCheckpointWitness(options.WitnessPath!);

        await using var ledger = new FileAuditLedger(options, time);
        await ledger.WriteAsync(Record(1));
        await ledger.WriteAsync(Record(2));
        Assert.Equal(0, (await witness.ReadAsync())!.Sequence);

        time.Advance(TimeSpan.FromSeconds(2));
        await ledger.WitnessTimerTask;

        AuditCheckpoint head = (await witness.ReadAsync())!;
        Assert.Equal(2, head.Sequence);
        Assert.Equal(Path.GetFileName(OnlyFile(dir.Path)), head.FileName);
        Assert.Equal(new FileInfo(OnlyFile(dir.Path)).Length, head.Length);
    }

    // ----- Row 2: a bad newest slot is a problem, never a fallback; auto-repair never cuts an acknowledged line -----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Open_NewlineRemovedAndNewestSlotBlankedOrFileTruncated_DoesNotCutTheRecord(bool truncateToOneSlot)
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 5))
        {
        }

        string file = OnlyFile(dir.Path);
        byte[] data = File.ReadAllBytes(file);
        File.WriteAllBytes(file, data[..^1]);
        string checkpoint = Path.Combine(dir.Path, "ledger.checkpoint");
        byte[] slots = File.ReadAllBytes(checkpoint);
        int newest = Encoding.UTF8.GetString(slots, 0, 512).Contains("\"seq\":5,", StringComparison.Ordinal) ? 0 : 1;
        if (truncateToOneSlot)
        {
            File.WriteAllBytes(checkpoint, slots.AsSpan((1 - newest) * 512, 512).ToArray());
        }
        else
        {
            Array.Fill(slots, (byte)' ', newest * 512, 512);
            File.WriteAllBytes(checkpoint, slots);
        }

        await using (var ledger = new FileAuditLedger(Options(dir.Path)))
        {
            Assert.Equal(AuditLedgerProblem.BadCheckpoint, ledger.OpenProblem?.Problem);
        }

        Assert.Equal(data[..^1], File.ReadAllBytes(file));
    }

    [Fact]
    public async Task Open_CompleteLastLineWithoutNewlineBehindAStaleCheckpoint_IsNotCut()
    {
        using var dir = new TempDirectory();
        string checkpoint = Path.Combine(dir.Path, "ledger.checkpoint");
        byte[] stale;
        await using (var ledger = await WriteLedgerAsync(dir.Path, 3))
        {
            await ledger.WriteAsync(Record(3));
            stale = File.ReadAllBytes(checkpoint); // names line 4 in one slot, line 3 in the other
            await ledger.WriteAsync(Record(4));
        }

        File.WriteAllBytes(checkpoint, stale);
        string file = OnlyFile(dir.Path);
        byte[] cut = File.ReadAllBytes(file)[..^1];
        File.WriteAllBytes(file, cut);

        await using (var reopened = new FileAuditLedger(Options(dir.Path)))
        {
            Assert.Equal(AuditLedgerProblem.TornFinalLine, reopened.OpenProblem?.Problem);
        }

        Assert.Equal(cut, File.ReadAllBytes(file));
        Assert.Equal(AuditLedgerRepairStatus.NotRepairable, (await AuditLedgerRepair.RepairAsync(dir.Path, [AuditKeyA])).Status);
    }

    [Fact]
    public async Task Open_TornLineAtOrBeforeTheWitnessedHead_IsNotCut()
    {
        using var dir = new TempDirectory();
        using var witnessDir = new TempDirectory();
        AuditLedgerOptions options = WitnessedOptions(dir.Path, witnessDir.Path);
        options.WitnessRecordInterval = 1;
        string checkpoint = Path.Combine(dir.Path, "ledger.checkpoint");
        byte[] stale;
        await using (var ledger = await WriteLedgerAsync(dir.Path, 4, options))
        {
            stale = File.ReadAllBytes(checkpoint);
            await ledger.WriteAsync(Record(4));
        }

        // As after a power loss: the local checkpoint lags (its slot writes are not fsynced), the witness does not.
        File.WriteAllBytes(checkpoint, stale);
        string file = OnlyFile(dir.Path);
        byte[] cut = File.ReadAllBytes(file)[..^20];
        File.WriteAllBytes(file, cut);

        await using (var reopened = new FileAuditLedger(options))
        {
            Assert.Equal(AuditLedgerProblem.TruncatedTail, reopened.OpenProblem?.Problem);
        }

        Assert.Equal(cut, File.ReadAllBytes(file));
        Assert.Equal(AuditLedgerProblem.TornFinalLine, (await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA])).Problem);
    }

    // ----- Row 3: a clock jump fails closed with a bound, and has an audited way out -----

    [Fact]
    public async Task WriteAsync_ClockJumpsAheadBeyondTolerance_RefusesUntilTheClockIsBack()
    {
        using var dir = new TempDirectory();
        var clock = new JumpClock { Now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero) };
        await using var ledger = new FileAuditLedger(Options(dir.Path), clock);
        await ledger.WriteAsync(Record(1));
        clock.Advance(TimeSpan.FromMinutes(1));
        await ledger.WriteAsync(Record(2)); // real elapsed time: accepted

        clock.Now = clock.Now.AddYears(10); // a jump: wall time moves, elapsed time does not
        AuditClockException ex = await Assert.ThrowsAsync<AuditClockException>(() => ledger.WriteAsync(Record(3)).AsTask());
        Assert.Contains("ClockJumpTolerance", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ts\":\"2036", File.ReadAllText(OnlyFile(dir.Path)), StringComparison.Ordinal);

        clock.Now = clock.Now.AddYears(-10);
        await ledger.WriteAsync(Record(4));
        await ledger.DisposeAsync();
        Assert.Equal(3, (await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA])).RecordCount);
    }

    [Fact]
    public async Task WriteAsync_ClockJumpWithinTolerance_IsAccepted()
    {
        using var dir = new TempDirectory();
        var clock = new JumpClock { Now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero) };
        AuditLedgerOptions options = Options(dir.Path);
        options.ClockJumpTolerance = TimeSpan.FromMinutes(2);
        await using var ledger = new FileAuditLedger(options, clock);
        await ledger.WriteAsync(Record(1));
        clock.Now = clock.Now.AddSeconds(90);

        await ledger.WriteAsync(Record(2));
    }

    [Fact]
    public async Task Open_LedgerDatedAheadOfTheClock_FailsClosedUntilAcceptClockRecordsIt()
    {
        using var dir = new TempDirectory();
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var ahead = new FakeTimeProvider(now.AddYears(10)); // started with a wrong clock: nothing to compare with
        await using (await WriteLedgerAsync(dir.Path, 2, time: ahead))
        {
        }

        var correct = new FakeTimeProvider(now);
        await using (var wedged = new FileAuditLedger(Options(dir.Path), correct))
        {
            await Assert.ThrowsAsync<AuditClockException>(() => wedged.WriteAsync(Record(3)).AsTask());
        }

        AuditLedgerRepairResult accepted = await AuditLedgerRepair.AcceptClockAsync(dir.Path, [AuditKeyA], timeProvider: correct);
        Assert.Equal(AuditLedgerRepairStatus.ClockAccepted, accepted.Status);
        Assert.Equal(now.AddYears(10), accepted.PreviousLedgerTime);
        Assert.Equal(now, accepted.AcceptedTime);
        Assert.Equal(3, accepted.RepairSequence);
        Assert.Contains("\"kind\":\"clock\"", File.ReadAllLines(OnlyFile(dir.Path))[2], StringComparison.Ordinal);

        await using (var ledger = new FileAuditLedger(Options(dir.Path), correct))
        {
            await ledger.WriteAsync(Record(3));
        }

        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA]);
        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(3, result.RecordCount);
        Assert.Equal(AuditLedgerRepairStatus.NothingToRepair, (await AuditLedgerRepair.AcceptClockAsync(dir.Path, [AuditKeyA], timeProvider: correct)).Status);
    }

    [Fact]
    public async Task VerifyAsync_TimestampStepsBackWithoutAClockLine_ReportsTimestampOutOfOrder()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        await using (await WriteLedgerAsync(dir.Path, 3, time: time))
        {
        }

        // A "clock" kind is accepted only inside a MACed line: relabelling a line breaks its MAC.
        string file = OnlyFile(dir.Path);
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"kind\":\"record\"", "\"kind\":\"clock\"", StringComparison.Ordinal));
        Assert.False((await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA])).IsIntact);
    }

    // ----- Row 4: a wrong key is not tampering -----

    [Fact]
    public async Task Open_WrongKeyForTheKeyId_RefusesWithWrongKey()
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 3))
        {
        }

        await using var ledger = new FileAuditLedger(Options(dir.Path, key: KeyB));
        Assert.Equal(AuditLedgerProblem.WrongKey, ledger.OpenProblem?.Problem);
    }

    private static AuditLedgerOptions WitnessedOptions(string directory, string witnessDirectory)
    {
        AuditLedgerOptions options = Options(directory);
        options.WitnessPath = Path.Combine(witnessDirectory, "ledger.witness");
        return options;
    }

    private static void CutLastLines(string file, int count)
    {
        string[] lines = File.ReadAllLines(file);
        File.WriteAllText(file, string.Concat(lines.Take(lines.Length - count).Select(l => l + "\n")));
    }

    /// <summary>A clock whose wall time can jump while its monotonic timestamp does not (FakeTimeProvider moves both).</summary>
    private sealed class JumpClock : TimeProvider
    {
        private long _ticks;

        public DateTimeOffset Now { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override DateTimeOffset GetUtcNow() => Now;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by)
        {
            Now += by;
            _ticks += by.Ticks;
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class FailSwitch
    {
        public volatile bool Fail;
    }

    private sealed class FailingFileStream(string path, FileMode mode, FailSwitch fail)
        : FileStream(path, mode, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None)
    {
        public override void Flush(bool flushToDisk)
        {
            if (fail.Fail)
            {
                throw new IOException("Injected: no space left on device.");
            }

            base.Flush(flushToDisk);
        }
    }
}
