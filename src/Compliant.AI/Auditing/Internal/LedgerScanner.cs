using System.Globalization;
using System.Security.Cryptography;

namespace Compliant.AI.Auditing.Internal;

/// <summary>
/// Walks ledger files line by line, checking each line's MAC, sequence number, chain link, key id and timestamp,
/// and stops at the first problem. Used by the verifier, by repair and by the ledger when it opens.
/// </summary>
/// <remarks>Not thread-safe. Reasons never contain record content.</remarks>
internal sealed class LedgerScanner
{
    private readonly IReadOnlyDictionary<string, LedgerKeys> _keys;
    private readonly bool _tolerateUnknownKeys;

    public LedgerScanner(IReadOnlyDictionary<string, LedgerKeys> keys, bool tolerateUnknownKeys)
    {
        _keys = keys;
        _tolerateUnknownKeys = tolerateUnknownKeys;
    }

    /// <summary>Gets the next expected sequence number, or 0 before the first line when not anchored.</summary>
    public long ExpectedSeq { get; private set; }

    public byte[] LastMac { get; private set; } = new byte[LedgerFormat.MacBytes];

    public string? LastKeyId { get; private set; }

    public DateTimeOffset LastTimestamp { get; private set; } = DateTimeOffset.MinValue;

    public long RecordCount { get; private set; }

    public long LineCount { get; private set; }

    public AuditLedgerProblem Problem { get; private set; }

    public string? ProblemFile { get; private set; }

    public long? ProblemLine { get; private set; }

    public string Reason { get; private set; } = string.Empty;

    /// <summary>Gets the byte offset of the torn final line in the last scanned file, or -1.</summary>
    public long TornOffset { get; private set; } = -1;

    /// <summary>Gets the byte length of the torn final line, or 0.</summary>
    public long TornLength { get; private set; }

    /// <summary>Gets the number of complete lines of the last scanned file.</summary>
    public long LinesInLastFile { get; private set; }

    public bool SawUnknownKey { get; private set; }

    public bool CheckpointMatched { get; private set; }

    /// <summary>Gets the key ids whose key authenticated the checkpoint (a MAC failure under them is a changed line).</summary>
    public HashSet<string> KeysConfirmedByCheckpoint { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the key ids whose key failed the checkpoint's MAC (evidence for a wrong key).</summary>
    public HashSet<string> KeysRejectedByCheckpoint { get; } = new(StringComparer.Ordinal);

    private readonly HashSet<string> _authenticatedKeys = new(StringComparer.Ordinal);

    /// <summary>Records what the checkpoint read says about the keys, for telling a wrong key from a changed line.</summary>
    public void NoteCheckpoint(CheckpointReadResult? read)
    {
        if (read is null)
        {
            return;
        }

        if (read.Problem == AuditLedgerProblem.None && read.Checkpoint is not null)
        {
            KeysConfirmedByCheckpoint.Add(read.Checkpoint.KeyId);
        }
        else if (read.MacFailed && read.KeyId is not null)
        {
            KeysRejectedByCheckpoint.Add(read.KeyId);
        }
    }

    public void AnchorGenesis()
    {
        ExpectedSeq = 1;
        LastMac = new byte[LedgerFormat.MacBytes];
        LastKeyId = null;
    }

    public void Anchor(in LedgerLine line)
    {
        ExpectedSeq = line.Seq + 1;
        LastMac = line.Mac;
        LastKeyId = line.KeyId;
        LastTimestamp = line.Timestamp;
    }

    /// <summary>Marks the torn tail as not to be cut (it is reported as something worse).</summary>
    public void ForgetTornTail()
    {
        TornOffset = -1;
        TornLength = 0;
    }

    public void Fail(AuditLedgerProblem problem, string? file, long? line, string reason)
    {
        Problem = problem;
        ProblemFile = file;
        ProblemLine = line;
        Reason = reason;
    }

    /// <summary>Scans one file.</summary>
    /// <returns><see langword="true"/> when every line is good.</returns>
    public bool ScanFile(string fileName, ReadOnlySpan<byte> data, bool isLastFile, LedgerCheckpoint? checkpoint)
    {
        List<(int Start, int Length, bool Terminated)> lines = SplitLines(data);
        LinesInLastFile = 0;
        bool checkpointHere = checkpoint is not null && string.Equals(checkpoint.File, fileName, StringComparison.Ordinal);

        for (int i = 0; i < lines.Count; i++)
        {
            (int start, int length, bool terminated) = lines[i];
            long lineNumber = i + 1;
            if (!terminated)
            {
                if (checkpointHere && checkpoint!.Length > start)
                {
                    Fail(AuditLedgerProblem.TruncatedTail, fileName, lineNumber, Invariant($"the file ends inside line {lineNumber}, before the checkpoint position (sequence {checkpoint.Seq}, byte {checkpoint.Length})"));
                    return false;
                }

                if (isLastFile && IsAuthenticNextLine(data.Slice(start, length)))
                {
                    Fail(AuditLedgerProblem.TornFinalLine, fileName, lineNumber, "the final line lacks its newline but is a complete, authentic line that continues the chain: it may have been acknowledged, so it is not cut automatically");
                }
                else if (isLastFile)
                {
                    TornOffset = start;
                    TornLength = length;
                    Fail(AuditLedgerProblem.TornFinalLine, fileName, lineNumber, "the final line is incomplete (no newline), as left by a crash during a write");
                }
                else
                {
                    Fail(AuditLedgerProblem.BadJson, fileName, lineNumber, "the line has no newline but is not at the end of the ledger");
                }

                return false;
            }

            if (!CheckLine(fileName, lineNumber, data.Slice(start, length), data, lines, i))
            {
                return false;
            }

            LinesInLastFile = lineNumber;
            if (checkpointHere && start + length + 1 == checkpoint!.Length)
            {
                if (ExpectedSeq - 1 != checkpoint.Seq || !CryptographicOperations.FixedTimeEquals(LastMac, checkpoint.Mac))
                {
                    Fail(AuditLedgerProblem.CheckpointMismatch, fileName, lineNumber, Invariant($"the checkpoint names sequence {checkpoint.Seq} at this position, but the line here is different"));
                    return false;
                }

                CheckpointMatched = true;
            }
        }

        if (checkpointHere && !CheckpointMatched)
        {
            if (data.Length < checkpoint!.Length)
            {
                Fail(AuditLedgerProblem.TruncatedTail, fileName, lines.Count + 1, Invariant($"the file is {data.Length} bytes but the checkpoint says {checkpoint.Length} bytes (sequence {checkpoint.Seq}) were written"));
            }
            else
            {
                Fail(AuditLedgerProblem.CheckpointMismatch, fileName, null, Invariant($"no line ends at the checkpoint position (byte {checkpoint.Length}, sequence {checkpoint.Seq})"));
            }

            return false;
        }

        return true;
    }

    private bool CheckLine(string file, long lineNumber, ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> data, List<(int Start, int Length, bool Terminated)> lines, int index)
    {
        if (!LedgerFormat.TryParseLine(bytes, out LedgerLine line, out string reason))
        {
            Fail(AuditLedgerProblem.BadJson, file, lineNumber, reason);
            return false;
        }

        if (_keys.TryGetValue(line.KeyId, out LedgerKeys? keys))
        {
            Span<byte> mac = stackalloc byte[LedgerFormat.MacBytes];
            keys.ComputeLineMac(line.PreviousMac, bytes[..line.BodyLength], mac);
            if (!CryptographicOperations.FixedTimeEquals(mac, line.Mac))
            {
                if (LooksLikeWrongKey(keys, line, data, lines, index))
                {
                    Fail(AuditLedgerProblem.WrongKey, file, lineNumber, $"the first line of key id '{line.KeyId}' and the lines chained after it fail their MACs under the key given for that id, while the chain is consistent: the key is wrong (check the key before suspecting tampering)");
                }
                else
                {
                    Fail(AuditLedgerProblem.ChangedLine, file, lineNumber, "the line's MAC does not match its content while the key authenticates other lines: the line was changed");
                }

                return false;
            }

            _authenticatedKeys.Add(line.KeyId);
        }
        else if (_tolerateUnknownKeys)
        {
            SawUnknownKey = true;
        }
        else
        {
            Fail(AuditLedgerProblem.UnknownKey, file, lineNumber, $"the line was written with key id '{line.KeyId}', and no key with that id was given");
            return false;
        }

        if (ExpectedSeq != 0)
        {
            if (line.Seq > ExpectedSeq)
            {
                bool foundLater = false;
                for (int j = index + 1; j < lines.Count && !foundLater; j++)
                {
                    foundLater = lines[j].Terminated
                        && LedgerFormat.TryParseLine(data.Slice(lines[j].Start, lines[j].Length), out LedgerLine later, out _)
                        && later.Seq == ExpectedSeq;
                }

                Fail(
                    foundLater ? AuditLedgerProblem.ReorderedLine : AuditLedgerProblem.MissingLine,
                    file,
                    lineNumber,
                    foundLater
                        ? Invariant($"expected sequence {ExpectedSeq} but found {line.Seq}; sequence {ExpectedSeq} appears later: lines were reordered")
                        : Invariant($"expected sequence {ExpectedSeq} but found {line.Seq}: {line.Seq - ExpectedSeq} line(s) missing before this one"));
                return false;
            }

            if (line.Seq < ExpectedSeq)
            {
                Fail(AuditLedgerProblem.DuplicatedLine, file, lineNumber, Invariant($"expected sequence {ExpectedSeq} but found {line.Seq}, which already appeared: the line is duplicated"));
                return false;
            }

            if (!CryptographicOperations.FixedTimeEquals(line.PreviousMac, LastMac))
            {
                Fail(AuditLedgerProblem.BrokenChain, file, lineNumber, "the line is authentic but does not chain to the line before it");
                return false;
            }
        }

        if (string.Equals(line.Kind, LedgerFormat.KindKey, StringComparison.Ordinal))
        {
            if (LastKeyId is not null && !string.Equals(line.PreviousKeyId, LastKeyId, StringComparison.Ordinal))
            {
                Fail(AuditLedgerProblem.UnexpectedKeyChange, file, lineNumber, $"the key-rotation line names previous key id '{line.PreviousKeyId}', but the line before used '{LastKeyId}'");
                return false;
            }
        }
        else if (LastKeyId is not null && !string.Equals(line.KeyId, LastKeyId, StringComparison.Ordinal))
        {
            Fail(AuditLedgerProblem.UnexpectedKeyChange, file, lineNumber, $"the key id changes from '{LastKeyId}' to '{line.KeyId}' without a key-rotation line");
            return false;
        }

        if (line.Timestamp < LastTimestamp && !string.Equals(line.Kind, LedgerFormat.KindClock, StringComparison.Ordinal))
        {
            Fail(AuditLedgerProblem.TimestampOutOfOrder, file, lineNumber, "the line's timestamp is earlier than the line before it");
            return false;
        }

        Anchor(line);
        LineCount++;
        if (string.Equals(line.Kind, LedgerFormat.KindRecord, StringComparison.Ordinal))
        {
            RecordCount++;
        }

        return true;
    }

    /// <summary>
    /// A wrong key rather than a changed line: this is the first line of its key id in the scan, no checkpoint was
    /// authenticated by the key, and the next line (chained to this one by sequence and previous MAC) fails too, or
    /// there is no next line and the checkpoint failed under the key as well.
    /// </summary>
    private bool LooksLikeWrongKey(LedgerKeys keys, in LedgerLine line, ReadOnlySpan<byte> data, List<(int Start, int Length, bool Terminated)> lines, int index)
    {
        if (_authenticatedKeys.Contains(line.KeyId) || KeysConfirmedByCheckpoint.Contains(line.KeyId))
        {
            return false;
        }

        int next = index + 1;
        if (next >= lines.Count || !lines[next].Terminated)
        {
            return KeysRejectedByCheckpoint.Contains(line.KeyId);
        }

        ReadOnlySpan<byte> nextBytes = data.Slice(lines[next].Start, lines[next].Length);
        if (!LedgerFormat.TryParseLine(nextBytes, out LedgerLine following, out _)
            || !string.Equals(following.KeyId, line.KeyId, StringComparison.Ordinal)
            || following.Seq != line.Seq + 1
            || !CryptographicOperations.FixedTimeEquals(following.PreviousMac, line.Mac))
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[LedgerFormat.MacBytes];
        keys.ComputeLineMac(following.PreviousMac, nextBytes[..following.BodyLength], mac);
        return !CryptographicOperations.FixedTimeEquals(mac, following.Mac);
    }

    /// <summary>Whether unterminated final bytes are a complete line, authentic under a given key, that continues the chain.</summary>
    private bool IsAuthenticNextLine(ReadOnlySpan<byte> bytes)
    {
        if (!LedgerFormat.TryParseLine(bytes, out LedgerLine line, out _)
            || !_keys.TryGetValue(line.KeyId, out LedgerKeys? keys)
            || (ExpectedSeq != 0 && (line.Seq != ExpectedSeq || !CryptographicOperations.FixedTimeEquals(line.PreviousMac, LastMac))))
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[LedgerFormat.MacBytes];
        keys.ComputeLineMac(line.PreviousMac, bytes[..line.BodyLength], mac);
        return CryptographicOperations.FixedTimeEquals(mac, line.Mac);
    }

    /// <summary>Splits data into lines; the last one is unterminated when the data does not end with a newline.</summary>
    public static List<(int Start, int Length, bool Terminated)> SplitLines(ReadOnlySpan<byte> data)
    {
        var lines = new List<(int, int, bool)>();
        int start = 0;
        while (start < data.Length)
        {
            int newline = data[start..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                lines.Add((start, data.Length - start, false));
                break;
            }

            lines.Add((start, newline, true));
            start += newline + 1;
        }

        return lines;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
