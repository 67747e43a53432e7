using System.Buffers;
using System.Text.Json;

namespace Compliant.AI.Auditing.Internal;

/// <summary>Cuts a torn final line and appends a repair line chained to the last good line. Shared by repair and by the ledger on open.</summary>
internal static class LedgerRepairCore
{
    public static RepairOutcome CutTornTail(
        string directory,
        string path,
        long tornOffset,
        long tornLine,
        LedgerKeys keys,
        long lastSeq,
        byte[] lastMac,
        string? lastKeyId,
        DateTimeOffset lastTimestamp,
        DateTimeOffset now,
        Func<string, FileMode, FileStream> openFile)
    {
        string fileName = Path.GetFileName(path);
        using FileStream stream = openFile(path, FileMode.Open);
        long removed = stream.Length - tornOffset;
        byte[] cut = new byte[removed];
        stream.Seek(tornOffset, SeekOrigin.Begin);
        stream.ReadExactly(cut);
        string digest = LedgerFormat.Sha256Base64(cut);

        stream.SetLength(tornOffset);
        stream.Flush(flushToDisk: true);

        DateTimeOffset ts = now < lastTimestamp ? lastTimestamp : now;
        var output = new ArrayBufferWriter<byte>(1024);
        byte[] mac = new byte[LedgerFormat.MacBytes];
        long seq = lastSeq;
        byte[] previous = lastMac;
        if (lastKeyId is not null && !string.Equals(lastKeyId, keys.KeyId, StringComparison.Ordinal))
        {
            LedgerFormat.WriteLine(output, keys, ++seq, ts, LedgerFormat.KindKey, previous, WriteKeyPayload, lastKeyId, mac);
            previous = [.. mac];
        }

        var repair = new RepairPayload(fileName, tornLine, tornOffset, removed, digest);
        LedgerFormat.WriteLine(output, keys, ++seq, ts, LedgerFormat.KindRepair, previous, WriteRepairPayload, repair, mac);

        stream.Seek(0, SeekOrigin.End);
        stream.Write(output.WrittenSpan);
        stream.Flush(flushToDisk: true);
        long length = stream.Length;

        new LedgerCheckpoint(fileName, seq, length, mac, keys.KeyId, ts).Write(directory, keys, flushToDisk: true);
        return new RepairOutcome(seq, mac, ts, length, removed, tornLine, fileName);
    }

    /// <summary>Appends a <c>clock</c> line (ledger time steps back to <paramref name="now"/>) to an intact ledger's last file.</summary>
    public static RepairOutcome AppendClockLine(
        string directory,
        string path,
        LedgerKeys keys,
        long lastSeq,
        byte[] lastMac,
        string? lastKeyId,
        DateTimeOffset lastTimestamp,
        DateTimeOffset now,
        Func<string, FileMode, FileStream> openFile)
    {
        string fileName = Path.GetFileName(path);
        using FileStream stream = openFile(path, FileMode.Open);
        var output = new ArrayBufferWriter<byte>(1024);
        byte[] mac = new byte[LedgerFormat.MacBytes];
        long seq = lastSeq;
        byte[] previous = lastMac;
        if (lastKeyId is not null && !string.Equals(lastKeyId, keys.KeyId, StringComparison.Ordinal))
        {
            LedgerFormat.WriteLine(output, keys, ++seq, lastTimestamp, LedgerFormat.KindKey, previous, WriteKeyPayload, lastKeyId, mac);
            previous = [.. mac];
        }

        LedgerFormat.WriteLine(output, keys, ++seq, now, LedgerFormat.KindClock, previous, WriteClockPayload, (lastTimestamp, now), mac);
        stream.Seek(0, SeekOrigin.End);
        stream.Write(output.WrittenSpan);
        stream.Flush(flushToDisk: true);
        long length = stream.Length;

        new LedgerCheckpoint(fileName, seq, length, mac, keys.KeyId, now).Write(directory, keys, flushToDisk: true);
        return new RepairOutcome(seq, mac, now, length, 0, 0, fileName);
    }

    private static void WriteClockPayload(Utf8JsonWriter writer, object? state)
    {
        var (ledgerTime, clockTime) = ((DateTimeOffset, DateTimeOffset))state!;
        writer.WriteStartObject("clock"u8);
        writer.WriteString("ledgerTime"u8, ledgerTime.ToUniversalTime());
        writer.WriteString("acceptedTime"u8, clockTime.ToUniversalTime());
        writer.WriteEndObject();
    }

    public static void WriteKeyPayload(Utf8JsonWriter writer, object? previousKeyId) =>
        writer.WriteString("prevKid"u8, (string?)previousKeyId);

    private static void WriteRepairPayload(Utf8JsonWriter writer, object? state)
    {
        var repair = (RepairPayload)state!;
        writer.WriteStartObject("repair"u8);
        writer.WriteString("file"u8, repair.File);
        writer.WriteNumber("line"u8, repair.Line);
        writer.WriteNumber("offset"u8, repair.Offset);
        writer.WriteNumber("removedBytes"u8, repair.RemovedBytes);
        writer.WriteString("removedSha256"u8, repair.RemovedSha256);
        writer.WriteEndObject();
    }

    private sealed record RepairPayload(string File, long Line, long Offset, long RemovedBytes, string RemovedSha256);
}
