using System.Globalization;

namespace Compliant.AI.Auditing.Internal;

/// <summary>Runs a <see cref="LedgerScanner"/> over a ledger directory or file and checks the file sequence and checkpoint.</summary>
internal static class LedgerVerification
{
    /// <summary>Verifies every file of a ledger directory, from the genesis line to the checkpoint and beyond.</summary>
    public static async Task<(LedgerScanner Scanner, AuditLedgerVerificationResult Result, List<(long Number, string Path)> Files)> VerifyDirectoryAsync(
        string directory, IReadOnlyDictionary<string, LedgerKeys> keys, bool tolerateUnknownKeys, WitnessState? witness, CancellationToken cancellationToken)
    {
        List<(long Number, string Path)> files = LedgerFormat.ListFiles(directory);
        var scanner = new LedgerScanner(keys, tolerateUnknownKeys);
        scanner.AnchorGenesis();

        CheckpointReadResult? checkpointRead = LedgerCheckpoint.TryRead(directory, keys);
        scanner.NoteCheckpoint(checkpointRead);
        LedgerCheckpoint? checkpoint = checkpointRead is { Problem: AuditLedgerProblem.None } ? checkpointRead.Checkpoint : null;
        if (checkpointRead is { Problem: AuditLedgerProblem.UnknownKey } && tolerateUnknownKeys)
        {
            checkpoint = checkpointRead.Checkpoint;
        }

        int examined = 0;
        for (int i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (long number, string path) = files[i];
            string name = Path.GetFileName(path);
            long expectedNumber = i == 0 ? 1 : files[i - 1].Number + 1;
            if (number != expectedNumber)
            {
                scanner.Fail(AuditLedgerProblem.MissingFile, name, null, Invariant($"ledger file number {expectedNumber} is missing before this file"));
                return (scanner, Result(scanner, examined, checkpoint, witness), files);
            }

            byte[] data = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            examined++;
            if (!scanner.ScanFile(name, data, i == files.Count - 1, checkpoint))
            {
                if (scanner.Problem == AuditLedgerProblem.TornFinalLine && witness?.Checkpoint is { } witnessed && witnessed.Sequence >= scanner.ExpectedSeq)
                {
                    scanner.Fail(AuditLedgerProblem.TruncatedTail, scanner.ProblemFile, scanner.ProblemLine, Invariant(
                        $"the ledger ends inside a line, but the witness says sequence {witnessed.Sequence} was written: acknowledged records were removed"));
                    scanner.ForgetTornTail();
                }

                return (scanner, Result(scanner, examined, checkpoint, witness), files);
            }
        }

        CheckAgainstCheckpoints(scanner, checkpointRead, checkpoint, witness, keys, tolerateUnknownKeys, files);
        return (scanner, Result(scanner, examined, checkpoint, witness), files);
    }

    /// <summary>After a clean scan: the witness first (the strongest evidence), then both local checkpoint slots.</summary>
    private static void CheckAgainstCheckpoints(
        LedgerScanner scanner, CheckpointReadResult? checkpointRead, LedgerCheckpoint? checkpoint, WitnessState? witness,
        IReadOnlyDictionary<string, LedgerKeys> keys, bool tolerateUnknownKeys, List<(long Number, string Path)> files)
    {
        long lastSeq = scanner.ExpectedSeq == 0 ? 0 : scanner.ExpectedSeq - 1;
        if (witness is not null)
        {
            var (problem, file, reason) = LedgerWitness.Check(witness, keys, tolerateUnknownKeys, files, lastSeq, scanner.LineCount > 0);
            if (problem != AuditLedgerProblem.None)
            {
                scanner.Fail(problem, file, null, reason);
                return;
            }
        }

        if (checkpointRead is null)
        {
            if (scanner.LineCount > 0)
            {
                scanner.Fail(AuditLedgerProblem.MissingCheckpoint, LedgerFormat.CheckpointFileName, null, "the ledger has lines but no checkpoint file, so a truncated tail cannot be ruled out");
            }
        }
        else if (checkpointRead.Problem != AuditLedgerProblem.None && !(tolerateUnknownKeys && checkpointRead.Problem == AuditLedgerProblem.UnknownKey))
        {
            scanner.Fail(checkpointRead.Problem, LedgerFormat.CheckpointFileName, null, checkpointRead.Reason);
        }
        else if (checkpoint is { File: not null } && !scanner.CheckpointMatched)
        {
            scanner.Fail(AuditLedgerProblem.TruncatedTail, checkpoint.File, null, Invariant($"the checkpoint names file {checkpoint.File} (sequence {checkpoint.Seq}), which is missing: the ledger was truncated"));
        }
        else if (checkpointRead.Older is { } older)
        {
            var (problem, file, reason) = LedgerPosition.Check(files, older.File, older.Seq, older.Length, older.Mac, "the older checkpoint slot");
            if (problem != AuditLedgerProblem.None)
            {
                scanner.Fail(problem, file ?? LedgerFormat.CheckpointFileName, null, reason);
            }
        }
    }

    /// <summary>Verifies a single ledger file; it is anchored to the genesis only when it is file number 1.</summary>
    public static async Task<AuditLedgerVerificationResult> VerifyFileAsync(string path, IReadOnlyDictionary<string, LedgerKeys> keys, CancellationToken cancellationToken)
    {
        string name = Path.GetFileName(path);
        var scanner = new LedgerScanner(keys, tolerateUnknownKeys: false);
        LedgerCheckpoint? checkpoint = null;
        if (LedgerFormat.TryParseFileName(name, out long number, out _))
        {
            if (number == 1)
            {
                scanner.AnchorGenesis();
            }

            string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
            CheckpointReadResult? read = directory is null ? null : LedgerCheckpoint.TryRead(directory, keys);
            if (read is { Problem: AuditLedgerProblem.None, Checkpoint: { } cp } && string.Equals(cp.File, name, StringComparison.Ordinal))
            {
                checkpoint = cp;
            }
        }

        byte[] data = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        scanner.ScanFile(name, data, isLastFile: true, checkpoint);
        return Result(scanner, 1, checkpoint, witness: null);
    }

    private static AuditLedgerVerificationResult Result(LedgerScanner scanner, int files, LedgerCheckpoint? checkpoint, WitnessState? witness) => new()
    {
        Problem = scanner.Problem,
        FileName = scanner.ProblemFile,
        LineNumber = scanner.ProblemLine,
        Reason = scanner.Reason,
        RecordCount = scanner.RecordCount,
        LineCount = scanner.LineCount,
        FileCount = files,
        LastSequence = scanner.ExpectedSeq == 0 ? 0 : scanner.ExpectedSeq - 1,
        CheckpointVerified = checkpoint is not null && scanner.CheckpointMatched,
        WitnessedSequence = scanner.Problem == AuditLedgerProblem.None ? witness?.Checkpoint?.Sequence : null,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
