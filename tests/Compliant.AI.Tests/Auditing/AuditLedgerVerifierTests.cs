using Compliant.AI;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Compliant.AI.Tests.Auditing.LedgerTestSupport;

namespace Compliant.AI.Tests.Auditing;

/// <summary>A 12-record ledger written once (real files, real fsync) and copied for each tampering case.</summary>
public sealed class BaseLedgerFixture : IDisposable
{
    public const int Records = 12;
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _witnessDir = new();

    public BaseLedgerFixture()
    {
        Witness = new FileAuditCheckpointWitness(System.IO.Path.Combine(_witnessDir.Path, "ledger.witness"));
        AuditLedgerOptions options = Options(_dir.Path);
        options.WitnessPath = Witness.FilePath;
        using FileAuditLedger ledger = WriteLedgerAsync(_dir.Path, Records, options).GetAwaiter().GetResult();
    }

    public string Path => _dir.Path;

    /// <summary>Gets the witness the base ledger published to (its head: sequence 12); tests only read it.</summary>
    public FileAuditCheckpointWitness Witness { get; }

    public TempDirectory CopyToTemp()
    {
        var copy = new TempDirectory();
        foreach (string file in Directory.GetFiles(Path))
        {
            if (!file.EndsWith(".lock", StringComparison.Ordinal))
            {
                File.Copy(file, System.IO.Path.Combine(copy.Path, System.IO.Path.GetFileName(file)));
            }
        }

        return copy;
    }

    public void Dispose()
    {
        _dir.Dispose();
        _witnessDir.Dispose();
    }
}

public class AuditLedgerVerifierTests : IClassFixture<BaseLedgerFixture>
{
    private readonly BaseLedgerFixture _base;

    public AuditLedgerVerifierTests(BaseLedgerFixture fixture)
    {
        _base = fixture;
    }

    [Property(MaxTest = 15)]
    public bool VerifyAsync_AnySequenceOfAppends_IsIntact(NonEmptyArray<NonNull<string>> users, bool rollOften)
    {
        using var dir = new TempDirectory();
        AuditLedgerOptions options = Options(dir.Path);
        options.MaxFileBytes = rollOften ? 4096 : options.MaxFileBytes;
        NonNull<string>[] values = users.Get.Take(25).ToArray();
        using (var ledger = new FileAuditLedger(options))
        {
            for (int i = 0; i < values.Length; i++)
            {
                ledger.WriteAsync(Record(i, user: values[i].Get, tenant: values[i].Get + "\n\"}{")).AsTask().GetAwaiter().GetResult();
            }
        }

        AuditLedgerVerificationResult result = AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA]).GetAwaiter().GetResult();
        return result.IsIntact && result.RecordCount == values.Length;
    }

    [Property(MaxTest = 60)]
    public void VerifyAsync_AnySingleChangedByte_FailsAtThatLine(NonNegativeInt lineSeed, NonNegativeInt offsetSeed, byte delta)
    {
        using TempDirectory dir = _base.CopyToTemp();
        string file = OnlyFile(dir.Path);
        byte[] data = File.ReadAllBytes(file);
        List<(int Start, int Length)> lines = Lines(data);
        int line = lineSeed.Get % lines.Count;
        int offset = lines[line].Start + (offsetSeed.Get % (lines[line].Length + 1)); // includes the newline
        byte change = delta == 0 ? (byte)1 : delta;
        data[offset] = (byte)(data[offset] ^ change);
        File.WriteAllBytes(file, data);

        AuditLedgerVerificationResult result = Verify(dir.Path);

        Assert.False(result.IsIntact);
        Assert.Equal(line + 1, result.LineNumber);
        Assert.Equal(Path.GetFileName(file), result.FileName);
    }

    [Property(MaxTest = 30)]
    public void VerifyAsync_AnyDeletedRecord_FailsAtItsLine(NonNegativeInt seed)
    {
        using TempDirectory dir = _base.CopyToTemp();
        string file = OnlyFile(dir.Path);
        List<string> lines = [.. File.ReadAllLines(file)];
        int index = seed.Get % lines.Count;
        lines.RemoveAt(index);
        File.WriteAllText(file, string.Concat(lines.Select(l => l + "\n")));

        AuditLedgerVerificationResult result = Verify(dir.Path);

        Assert.False(result.IsIntact);
        Assert.Equal(index + 1, result.LineNumber);
        Assert.Equal(index == BaseLedgerFixture.Records - 1 ? AuditLedgerProblem.TruncatedTail : AuditLedgerProblem.MissingLine, result.Problem);
    }

    [Property(MaxTest = 30)]
    public void VerifyAsync_AnySwappedPair_FailsAtTheFirstOfThem(NonNegativeInt first, PositiveInt distance)
    {
        using TempDirectory dir = _base.CopyToTemp();
        string file = OnlyFile(dir.Path);
        string[] lines = File.ReadAllLines(file);
        int i = first.Get % (lines.Length - 1);
        int j = i + 1 + (distance.Get % (lines.Length - i - 1));
        (lines[i], lines[j]) = (lines[j], lines[i]);
        File.WriteAllText(file, string.Concat(lines.Select(l => l + "\n")));

        AuditLedgerVerificationResult result = Verify(dir.Path);

        Assert.False(result.IsIntact);
        Assert.Equal(i + 1, result.LineNumber);
        Assert.Equal(AuditLedgerProblem.ReorderedLine, result.Problem);
    }

    [Property(MaxTest = 30)]
    public void VerifyAsync_AnyDuplicatedRecord_FailsAtTheCopy(NonNegativeInt source, NonNegativeInt target)
    {
        using TempDirectory dir = _base.CopyToTemp();
        string file = OnlyFile(dir.Path);
        List<string> lines = [.. File.ReadAllLines(file)];
        int from = source.Get % lines.Count;
        int insertAt = from + 1 + (target.Get % (lines.Count - from)); // somewhere after the original
        lines.Insert(insertAt, lines[from]);
        File.WriteAllText(file, string.Concat(lines.Select(l => l + "\n")));

        AuditLedgerVerificationResult result = Verify(dir.Path);

        Assert.False(result.IsIntact);
        Assert.Equal(insertAt + 1, result.LineNumber);
        Assert.Equal(AuditLedgerProblem.DuplicatedLine, result.Problem);
    }

    [Fact]
    public void VerifyAsync_BaseLedger_IsIntact()
    {
        AuditLedgerVerificationResult result = Verify(_base.Path);

        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(BaseLedgerFixture.Records, result.RecordCount);
    }

    [Fact]
    public async Task VerifyAsync_WrongKey_ReportsWrongKeyNotChangedLine()
    {
        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(_base.Path, [AuditKey.FromBase64("a", KeyB)]);

        Assert.Equal(AuditLedgerProblem.WrongKey, result.Problem);
        Assert.Equal(1, result.LineNumber);
        Assert.Contains("key is wrong", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyAsync_FirstLineChangedWithTheRightKey_StillReportsChangedLine()
    {
        using TempDirectory dir = _base.CopyToTemp();
        string file = OnlyFile(dir.Path);
        string[] lines = File.ReadAllLines(file);
        lines[0] = lines[0].Replace("rec-000000", "rec-999999", StringComparison.Ordinal);
        File.WriteAllText(file, string.Concat(lines.Select(l => l + "\n")));

        AuditLedgerVerificationResult result = Verify(dir.Path);

        Assert.Equal(AuditLedgerProblem.ChangedLine, result.Problem);
        Assert.Equal(1, result.LineNumber);
    }

    [Fact]
    public void VerifyAsync_FirstTwoLinesChangedWithTheRightKey_StillReportsChangedLine()
    {
        using TempDirectory dir = _base.CopyToTemp();
        string file = OnlyFile(dir.Path);
        string[] lines = File.ReadAllLines(file);
        lines[0] = lines[0].Replace("rec-000000", "rec-999999", StringComparison.Ordinal);
        lines[1] = lines[1].Replace("rec-000001", "rec-999998", StringComparison.Ordinal);
        File.WriteAllText(file, string.Concat(lines.Select(l => l + "\n")));

        // The checkpoint authenticates under the given key, so the key is right and the lines were changed.
        Assert.Equal(AuditLedgerProblem.ChangedLine, Verify(dir.Path).Problem);
    }

    [Fact]
    public async Task VerifyAsync_SingleLineLedgerWrongKey_ReportsWrongKey()
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 1))
        {
        }

        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKey.FromBase64("a", KeyB)]);

        Assert.Equal(AuditLedgerProblem.WrongKey, result.Problem);
    }

    [Fact]
    public async Task VerifyAsync_KeyIdNotGiven_ReportsUnknownKey()
    {
        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(_base.Path, [AuditKeyB]);

        Assert.Equal(AuditLedgerProblem.UnknownKey, result.Problem);
        Assert.Equal(1, result.LineNumber);
        Assert.Contains("'a'", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyAsync_TruncatedInsideLastLine_ReportsTruncatedTailNotTorn()
    {
        using TempDirectory dir = _base.CopyToTemp();
        string file = OnlyFile(dir.Path);
        byte[] data = File.ReadAllBytes(file);
        File.WriteAllBytes(file, data[..^10]);

        AuditLedgerVerificationResult result = Verify(dir.Path);

        Assert.Equal(AuditLedgerProblem.TruncatedTail, result.Problem);
        Assert.Equal(BaseLedgerFixture.Records, result.LineNumber);
    }

    [Fact]
    public void VerifyAsync_TornLineAfterCheckpoint_ReportsTornFinalLine()
    {
        using TempDirectory dir = _base.CopyToTemp();
        string file = OnlyFile(dir.Path);
        File.AppendAllText(file, "{\"v\":1,\"seq\":13,\"ts\":\"2026-");

        AuditLedgerVerificationResult result = Verify(dir.Path);

        Assert.Equal(AuditLedgerProblem.TornFinalLine, result.Problem);
        Assert.Equal(BaseLedgerFixture.Records + 1, result.LineNumber);
        Assert.Equal(BaseLedgerFixture.Records, result.RecordCount);
    }

    [Fact]
    public void VerifyAsync_CheckpointDeleted_ReportsMissingCheckpoint()
    {
        using TempDirectory dir = _base.CopyToTemp();
        File.Delete(Path.Combine(dir.Path, "ledger.checkpoint"));

        Assert.Equal(AuditLedgerProblem.MissingCheckpoint, Verify(dir.Path).Problem);
    }

    [Fact]
    public void VerifyAsync_BothCheckpointSlotsChanged_ReportsBadCheckpoint()
    {
        using TempDirectory dir = _base.CopyToTemp();
        string checkpoint = Path.Combine(dir.Path, "ledger.checkpoint");
        File.WriteAllText(checkpoint, File.ReadAllText(checkpoint).Replace("\"length\":", "\"length\":1", StringComparison.Ordinal));

        AuditLedgerVerificationResult result = Verify(dir.Path);

        Assert.Equal(AuditLedgerProblem.BadCheckpoint, result.Problem);
        Assert.Equal("ledger.checkpoint", result.FileName);
    }

    [Theory]
    [InlineData((byte)' ')]
    [InlineData((byte)0)]
    public void VerifyAsync_NewestSlotBlankedAndLastRecordCut_ReportsBadCheckpointNotIntact(byte fill)
    {
        using TempDirectory dir = _base.CopyToTemp();
        string checkpoint = Path.Combine(dir.Path, "ledger.checkpoint");
        byte[] bytes = File.ReadAllBytes(checkpoint);
        Assert.Equal(1024, bytes.Length);
        Array.Fill(bytes, fill, NewestSlot(bytes) * 512, 512);
        File.WriteAllBytes(checkpoint, bytes);
        CutLastLines(OnlyFile(dir.Path), 1);

        AuditLedgerVerificationResult result = Verify(dir.Path);

        Assert.Equal(AuditLedgerProblem.BadCheckpoint, result.Problem);
        Assert.Equal("ledger.checkpoint", result.FileName);
    }

    [Fact]
    public void VerifyAsync_CheckpointTruncatedToOneSlotAndLastRecordCut_ReportsBadCheckpoint()
    {
        using TempDirectory dir = _base.CopyToTemp();
        string checkpoint = Path.Combine(dir.Path, "ledger.checkpoint");
        byte[] bytes = File.ReadAllBytes(checkpoint);
        int older = 1 - NewestSlot(bytes);
        File.WriteAllBytes(checkpoint, bytes.AsSpan(older * 512, 512).ToArray());
        CutLastLines(OnlyFile(dir.Path), 1);

        Assert.Equal(AuditLedgerProblem.BadCheckpoint, Verify(dir.Path).Problem);
    }

    [Fact]
    public void VerifyAsync_OlderSlotCopiedOverTheNewest_ReportsBadCheckpoint()
    {
        using TempDirectory dir = _base.CopyToTemp();
        string checkpoint = Path.Combine(dir.Path, "ledger.checkpoint");
        byte[] bytes = File.ReadAllBytes(checkpoint);
        int newest = NewestSlot(bytes);
        Array.Copy(bytes, (1 - newest) * 512, bytes, newest * 512, 512);
        File.WriteAllBytes(checkpoint, bytes);
        CutLastLines(OnlyFile(dir.Path), 1);

        Assert.Equal(AuditLedgerProblem.BadCheckpoint, Verify(dir.Path).Problem);
    }

    [Property(MaxTest = 20)]
    public bool VerifyAsync_AnyTailCutWithCheckpointDeleted_IsNeverIntact(PositiveInt cutSeed, bool withWitness)
    {
        using TempDirectory dir = _base.CopyToTemp();
        // Without a witness an emptied ledger with no checkpoint is indistinguishable from a new one (docs/audit.md, Threat model).
        int cut = 1 + (cutSeed.Get % (withWitness ? BaseLedgerFixture.Records : BaseLedgerFixture.Records - 1));
        CutLastLines(OnlyFile(dir.Path), cut);
        File.Delete(Path.Combine(dir.Path, "ledger.checkpoint"));

        AuditLedgerVerificationResult result = Verify(dir.Path, withWitness ? _base.Witness : null);
        return withWitness
            ? result.Problem == AuditLedgerProblem.TruncatedTail
            : result.Problem == AuditLedgerProblem.MissingCheckpoint;
    }

    [Property(MaxTest = 20)]
    public bool VerifyAsync_AnySlotBlankedOrChanged_ReportsBadCheckpoint(bool newest, NonNegativeInt offsetSeed, byte value)
    {
        using TempDirectory dir = _base.CopyToTemp();
        string checkpoint = Path.Combine(dir.Path, "ledger.checkpoint");
        byte[] bytes = File.ReadAllBytes(checkpoint);
        int slot = newest ? NewestSlot(bytes) : 1 - NewestSlot(bytes);
        int newline = Array.IndexOf(bytes, (byte)'\n', slot * 512);
        int offset = (slot * 512) + (offsetSeed.Get % (newline + 1 - (slot * 512)));
        byte original = bytes[offset];
        bytes[offset] = value == original ? (byte)(value ^ 0x20) : value;
        File.WriteAllBytes(checkpoint, bytes);

        return Verify(dir.Path).Problem == AuditLedgerProblem.BadCheckpoint;
    }

    [Property(MaxTest = 20)]
    public bool VerifyAsync_WitnessAheadOfLedger_ReportsTruncatedTail(PositiveInt cutSeed, bool deleteCheckpoint)
    {
        using TempDirectory dir = _base.CopyToTemp();
        int cut = 1 + (cutSeed.Get % (BaseLedgerFixture.Records - 1));
        CutLastLines(OnlyFile(dir.Path), cut);
        if (deleteCheckpoint)
        {
            File.Delete(Path.Combine(dir.Path, "ledger.checkpoint"));
        }

        AuditLedgerVerificationResult result = Verify(dir.Path, _base.Witness);
        return result.Problem == AuditLedgerProblem.TruncatedTail && !result.IsIntact;
    }

    [Fact]
    public async Task VerifyAsync_WithWitness_ReportsTheWitnessedHead()
    {
        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(_base.Path, [AuditKeyA], _base.Witness);

        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(BaseLedgerFixture.Records, result.WitnessedSequence);
        Assert.Contains("witnessed through sequence 12", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_WitnessChanged_ReportsBadCheckpoint()
    {
        using var witnessDir = new TempDirectory();
        string path = Path.Combine(witnessDir.Path, "w");
        File.Copy(_base.Witness.FilePath, path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"seq\":12", "\"seq\":11", StringComparison.Ordinal));

        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(_base.Path, [AuditKeyA], new FileAuditCheckpointWitness(path));

        Assert.Equal(AuditLedgerProblem.BadCheckpoint, result.Problem);
    }

    private static int NewestSlot(byte[] checkpoint) =>
        System.Text.Encoding.UTF8.GetString(checkpoint, 0, 512).Contains($"\"seq\":{BaseLedgerFixture.Records},", StringComparison.Ordinal) ? 0 : 1;

    private static void CutLastLines(string file, int count)
    {
        string[] lines = File.ReadAllLines(file);
        File.WriteAllText(file, string.Concat(lines.Take(lines.Length - count).Select(l => l + "\n")));
    }

    [Fact]
    public async Task VerifyAsync_SingleFile_VerifiesThatFile()
    {
        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(OnlyFile(_base.Path), [AuditKeyA]);

        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(BaseLedgerFixture.Records, result.RecordCount);
    }

    [Fact]
    public async Task VerifyAsync_MissingPath_ThrowsFileNotFound()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() => AuditLedgerVerifier.VerifyAsync(Path.Combine(_base.Path, "nope"), [AuditKeyA]));
    }

    [Fact]
    public async Task VerifyAsync_EmptyDirectory_ThrowsFileNotFound()
    {
        using var dir = new TempDirectory();
        await Assert.ThrowsAsync<FileNotFoundException>(() => AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA]));
    }

    [Fact]
    public async Task VerifyAsync_NoKeys_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => AuditLedgerVerifier.VerifyAsync(_base.Path, []));
    }

    [Fact]
    public void VerifyAsync_Reason_NeverContainsRecordContent()
    {
        using TempDirectory dir = _base.CopyToTemp();
        string file = OnlyFile(dir.Path);
        File.WriteAllText(file, File.ReadAllText(file).Replace("user-1", "user-X", StringComparison.Ordinal));

        AuditLedgerVerificationResult result = Verify(dir.Path);

        Assert.False(result.IsIntact);
        Assert.DoesNotContain("user", result.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private static AuditLedgerVerificationResult Verify(string path, IAuditCheckpointWitness? witness = null) =>
        AuditLedgerVerifier.VerifyAsync(path, [AuditKeyA], witness).GetAwaiter().GetResult();

    private static List<(int Start, int Length)> Lines(byte[] data)
    {
        var lines = new List<(int, int)>();
        int start = 0;
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] == (byte)'\n')
            {
                lines.Add((start, i - start));
                start = i + 1;
            }
        }

        return lines;
    }
}
