using System.Globalization;
using System.Security.Cryptography;

namespace Compliant.AI.Auditing.Internal;

/// <summary>Checks that a position named by a checkpoint slot or a witness (file, length, sequence, MAC) is a line of the ledger.</summary>
internal static class LedgerPosition
{
    /// <summary>Checks one position against the files on disk.</summary>
    /// <param name="files">The ledger files, ordered by number.</param>
    /// <param name="file">The file named, or <see langword="null"/> for the empty ledger.</param>
    /// <param name="seq">The sequence number named.</param>
    /// <param name="length">The byte length of <paramref name="file"/> up to and including the line's newline.</param>
    /// <param name="mac">The line's MAC.</param>
    /// <param name="what">Who names the position, for the reason ("the witness", "the older checkpoint slot").</param>
    /// <returns>The problem (<see cref="AuditLedgerProblem.None"/> when the line is there), with its file and a reason.</returns>
    public static (AuditLedgerProblem Problem, string? File, string Reason) Check(
        List<(long Number, string Path)> files, string? file, long seq, long length, ReadOnlySpan<byte> mac, string what)
    {
        if (seq == 0)
        {
            return (AuditLedgerProblem.None, null, string.Empty);
        }

        if (file is null || !LedgerFormat.TryParseFileName(file, out long number, out _))
        {
            return (AuditLedgerProblem.BadCheckpoint, file, Invariant($"{what} names sequence {seq} without a valid ledger file name"));
        }

        string? path = null;
        foreach ((long n, string p) in files)
        {
            if (n == number)
            {
                path = p;
            }
        }

        if (path is null)
        {
            long last = files.Count == 0 ? 0 : files[^1].Number;
            return number > last
                ? (AuditLedgerProblem.TruncatedTail, file, Invariant($"{what} names file {file} (sequence {seq}), which is missing: acknowledged records were removed"))
                : (AuditLedgerProblem.MissingFile, file, Invariant($"{what} names file {file} (sequence {seq}), which is missing"));
        }

        byte[] data = System.IO.File.ReadAllBytes(path);
        if (data.Length < length)
        {
            return (AuditLedgerProblem.TruncatedTail, file, Invariant($"the file is {data.Length} bytes but {what} says {length} bytes (sequence {seq}) were written: acknowledged records were removed"));
        }

        if (length < 1 || data[length - 1] != (byte)'\n')
        {
            return (AuditLedgerProblem.CheckpointMismatch, file, Invariant($"no line ends where {what} says sequence {seq} ends (byte {length})"));
        }

        int start = Array.LastIndexOf(data, (byte)'\n', (int)length - 2 < 0 ? 0 : (int)length - 2) + 1;
        if (length == 1)
        {
            start = 0;
        }

        if (!LedgerFormat.TryParseLine(data.AsSpan(start, (int)length - 1 - start), out LedgerLine line, out _)
            || line.Seq != seq
            || !CryptographicOperations.FixedTimeEquals(line.Mac, mac))
        {
            return (AuditLedgerProblem.CheckpointMismatch, file, Invariant($"{what} names sequence {seq} at byte {length}, but the line there is different"));
        }

        return (AuditLedgerProblem.None, null, string.Empty);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
