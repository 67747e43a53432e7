using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Compliant.AI.Auditing.Internal;

/// <summary>
/// The sidecar file <c>ledger.checkpoint</c>: the last durable position of the ledger (file, sequence number, MAC, byte
/// length), MACed with the checkpoint key, rewritten after every flushed batch into one of two fixed 512-byte slots,
/// alternately, with one positioned write (no file creation or rename, so it adds no metadata work to the next fsync).
/// </summary>
/// <remarks>
/// Format version 2 MACs the slot index with the fields, so a slot cannot be copied over the other, and a new ledger
/// writes both slots at once; from then on the file is always exactly two slots and both must be valid and name
/// lines of the ledger (a blanked, torn or missing slot is reported, never silently skipped).
/// The checkpoint is written only after the data it names is on disk, so it is never ahead of the data: after a crash
/// it names the same or an earlier position, which verification accepts. A ledger shorter than its checkpoint lost
/// acknowledged lines: that is reported as a truncated tail.
/// </remarks>
internal sealed record LedgerCheckpoint(string? File, long Seq, long Length, byte[] Mac, string KeyId, DateTimeOffset Timestamp)
{
    public static LedgerCheckpoint Empty(string keyId, DateTimeOffset now) => new(null, 0, 0, new byte[LedgerFormat.MacBytes], keyId, now);

    /// <summary>The checkpoint format version (2: the slot index is part of the MACed fields).</summary>
    public const int FormatVersion = 2;

    public byte[] Serialize(LedgerKeys keys, int slot)
    {
        var output = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(output, LedgerFormat.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v"u8, FormatVersion);
            writer.WriteNumber("slot"u8, slot);
            if (File is null)
            {
                writer.WriteNull("file"u8);
            }
            else
            {
                writer.WriteString("file"u8, File);
            }

            writer.WriteNumber("seq"u8, Seq);
            writer.WriteNumber("length"u8, Length);
            writer.WriteBase64String("mac"u8, Mac);
            writer.WriteString("kid"u8, keys.KeyId);
            writer.WriteString("ts"u8, Timestamp.ToUniversalTime());
            writer.Flush();
        }

        Span<byte> cmac = stackalloc byte[LedgerFormat.MacBytes];
        keys.ComputeCheckpointMac(output.WrittenSpan, cmac);
        ",\"cmac\":\""u8.CopyTo(output.GetSpan(9));
        output.Advance(9);
        Span<byte> encoded = output.GetSpan(LedgerFormat.MacBase64Chars + 3);
        Base64.EncodeToUtf8(cmac, encoded, out _, out int written);
        encoded[written] = (byte)'"';
        encoded[written + 1] = (byte)'}';
        encoded[written + 2] = (byte)'\n';
        output.Advance(written + 3);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The size of one checkpoint slot; the file holds two, written alternately.</summary>
    public const int SlotBytes = 512;

    /// <summary>Writes the checkpoint into the slot that does not hold the newest valid checkpoint; optionally fsyncs it.</summary>
    /// <returns>The slot written.</returns>
    public int Write(string directory, LedgerKeys keys, bool flushToDisk)
    {
        CheckpointReadResult? current = TryRead(directory, new Dictionary<string, LedgerKeys>(StringComparer.Ordinal) { [keys.KeyId] = keys });
        if (current is not { Checkpoint: not null })
        {
            WriteBoth(directory, keys);
            return 1;
        }

        int slot = 1 - current.Slot;
        using SafeFileHandle handle = OpenHandle(directory);
        WriteSlot(handle, slot, keys);
        if (flushToDisk)
        {
            RandomAccess.FlushToDisk(handle);
        }

        return slot;
    }

    /// <summary>Writes this checkpoint into both slots and fsyncs: how a new ledger starts its checkpoint file.</summary>
    public void WriteBoth(string directory, LedgerKeys keys)
    {
        using SafeFileHandle handle = OpenHandle(directory);
        WriteSlot(handle, 0, keys);
        WriteSlot(handle, 1, keys);
        RandomAccess.FlushToDisk(handle);
    }

    /// <summary>Opens (or creates) the checkpoint file for in-place slot writes.</summary>
    public static SafeFileHandle OpenHandle(string directory) =>
        System.IO.File.OpenHandle(Path.Combine(directory, LedgerFormat.CheckpointFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);

    /// <summary>
    /// Overwrites one fixed-size slot in place with a single positioned write. The other slot keeps the previous
    /// checkpoint, so a write torn by a power loss still leaves one valid (older, never newer) checkpoint.
    /// </summary>
    public void WriteSlot(SafeFileHandle handle, int slot, LedgerKeys keys)
    {
        byte[] line = Serialize(keys, slot);
        if (line.Length > SlotBytes)
        {
            throw new InvalidOperationException("The checkpoint does not fit its slot.");
        }

        byte[] padded = new byte[SlotBytes];
        line.CopyTo(padded, 0);
        padded.AsSpan(line.Length).Fill((byte)' ');
        RandomAccess.Write(handle, padded, (long)slot * SlotBytes);
    }

    /// <summary>Reads the checkpoint of a directory: both slots must be valid; the newest names the head.</summary>
    /// <returns>
    /// <see langword="null"/> when there is no checkpoint file; otherwise the newest checkpoint with the older one, or
    /// the first problem (a bad slot is a problem even when the other slot is good).
    /// </returns>
    public static CheckpointReadResult? TryRead(string directory, IReadOnlyDictionary<string, LedgerKeys> keys)
    {
        string path = Path.Combine(directory, LedgerFormat.CheckpointFileName);
        if (!System.IO.File.Exists(path))
        {
            return null;
        }

        byte[] bytes = System.IO.File.ReadAllBytes(path);
        if (bytes.Length != 2 * SlotBytes)
        {
            return new CheckpointReadResult(null, AuditLedgerProblem.BadCheckpoint, "the checkpoint file does not hold its two slots (it was truncated, extended or replaced)", null, 0);
        }

        var slots = new CheckpointReadResult[2];
        for (int slot = 0; slot < 2; slot++)
        {
            slots[slot] = ReadSlot(bytes.AsSpan(slot * SlotBytes, SlotBytes), keys, slot);
        }

        foreach (CheckpointReadResult result in slots)
        {
            if (result.Problem == AuditLedgerProblem.BadCheckpoint)
            {
                return result with { Reason = string.Create(CultureInfo.InvariantCulture, $"checkpoint slot {result.Slot}: {result.Reason}") };
            }
        }

        int newest = slots[1].Checkpoint!.Seq > slots[0].Checkpoint!.Seq ? 1 : 0;
        CheckpointReadResult best = slots[newest] with { Older = slots[1 - newest].Checkpoint };
        CheckpointReadResult? unknown = Array.Find(slots, static s => s.Problem == AuditLedgerProblem.UnknownKey);
        return unknown is null ? best : best with { Problem = unknown.Problem, Reason = unknown.Reason, KeyId = unknown.KeyId };
    }

    private static CheckpointReadResult ReadSlot(ReadOnlySpan<byte> slotBytes, IReadOnlyDictionary<string, LedgerKeys> keys, int slot)
    {
        int newline = slotBytes.IndexOf((byte)'\n');
        if (newline < 0)
        {
            return new CheckpointReadResult(null, AuditLedgerProblem.BadCheckpoint, "the checkpoint file is not in the expected format", null, slot);
        }

        ReadOnlySpan<byte> span = slotBytes[..newline];
        byte[] bytes = span.ToArray();
        const int SuffixLength = 9 + LedgerFormat.MacBase64Chars + 2;
        if (newline + 1 < slotBytes.Length && slotBytes[(newline + 1)..].ContainsAnyExcept((byte)' '))
        {
            return new CheckpointReadResult(null, AuditLedgerProblem.BadCheckpoint, "the checkpoint slot has bytes after its line", null, slot);
        }

        if (span.Length <= SuffixLength || !span[^SuffixLength..].StartsWith(",\"cmac\":\""u8) || !span.EndsWith("\"}"u8))
        {
            return new CheckpointReadResult(null, AuditLedgerProblem.BadCheckpoint, "the checkpoint file is not in the expected format", null, slot);
        }

        string? file = null;
        long seq = -1;
        long length = -1;
        byte[]? mac = null;
        string? kid = null;
        DateTimeOffset ts = default;
        int slotField = -1;
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            if (root.GetProperty("v").GetInt32() != FormatVersion)
            {
                return new CheckpointReadResult(null, AuditLedgerProblem.BadCheckpoint, "the checkpoint has an unsupported format version", null, slot);
            }

            slotField = root.GetProperty("slot").GetInt32();
            file = root.GetProperty("file").ValueKind == JsonValueKind.Null ? null : root.GetProperty("file").GetString();
            seq = root.GetProperty("seq").GetInt64();
            length = root.GetProperty("length").GetInt64();
            mac = root.GetProperty("mac").GetBytesFromBase64();
            kid = root.GetProperty("kid").GetString();
            ts = root.GetProperty("ts").GetDateTimeOffset();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return new CheckpointReadResult(null, AuditLedgerProblem.BadCheckpoint, "the checkpoint file is not valid", null, slot);
        }

        if (slotField != slot)
        {
            return new CheckpointReadResult(null, AuditLedgerProblem.BadCheckpoint, "the checkpoint slot was moved or copied from the other slot", null, slot);
        }

        if (kid is null || mac is null || mac.Length != LedgerFormat.MacBytes || seq < 0 || length < 0
            || (file is not null && !LedgerFormat.TryParseFileName(file, out _, out _)))
        {
            return new CheckpointReadResult(null, AuditLedgerProblem.BadCheckpoint, "the checkpoint file has invalid fields", null, slot);
        }

        var checkpoint = new LedgerCheckpoint(file, seq, length, mac, kid, ts);
        if (!keys.TryGetValue(kid, out LedgerKeys? key))
        {
            return new CheckpointReadResult(checkpoint, AuditLedgerProblem.UnknownKey, $"the checkpoint uses key id '{kid}', which was not given", kid, slot);
        }

        byte[] expected = new byte[LedgerFormat.MacBytes];
        key.ComputeCheckpointMac(span[..^SuffixLength], expected);
        byte[] actual = new byte[LedgerFormat.MacBytes];
        if (!LedgerFormat.TryDecodeCanonicalMac(span.Slice(span.Length - SuffixLength + 9, LedgerFormat.MacBase64Chars), actual)
            || !CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return new CheckpointReadResult(null, AuditLedgerProblem.BadCheckpoint, "the checkpoint's MAC does not match: it was changed or written with another key", kid, slot) { MacFailed = true };
        }

        return new CheckpointReadResult(checkpoint, AuditLedgerProblem.None, string.Empty, kid, slot);
    }
}
