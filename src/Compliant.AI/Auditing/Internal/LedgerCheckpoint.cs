using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Compliant.AI.Auditing.Internal;

/// <summary>
/// The sidecar file <c>ledger.checkpoint</c>: the last durable position of the ledger (file, sequence number, MAC, byte
/// length), MACed with the checkpoint key, rewritten (temp file + atomic rename) after every flushed batch.
/// </summary>
/// <remarks>
/// The checkpoint is written only after the data it names is on disk, so it is never ahead of the data: after a crash
/// it names the same or an earlier position, which verification accepts. A ledger shorter than its checkpoint lost
/// acknowledged lines: that is reported as a truncated tail.
/// </remarks>
internal sealed record LedgerCheckpoint(string? File, long Seq, long Length, byte[] Mac, string KeyId, DateTimeOffset Timestamp)
{
    public static LedgerCheckpoint Empty(string keyId, DateTimeOffset now) => new(null, 0, 0, new byte[LedgerFormat.MacBytes], keyId, now);

    public byte[] Serialize(LedgerKeys keys)
    {
        var output = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(output, LedgerFormat.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v"u8, LedgerFormat.Version);
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

    /// <summary>Writes the checkpoint with a temp file and an atomic rename; optionally flushes it to disk first.</summary>
    public void Write(string directory, LedgerKeys keys, bool flushToDisk)
    {
        byte[] bytes = Serialize(keys);
        string temp = Path.Combine(directory, LedgerFormat.CheckpointTempFileName);
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk);
        }

        System.IO.File.Move(temp, Path.Combine(directory, LedgerFormat.CheckpointFileName), overwrite: true);
    }

    /// <summary>Reads the checkpoint of a directory.</summary>
    /// <returns><see langword="null"/> when there is none; otherwise the checkpoint, or a reason it is unusable.</returns>
    public static CheckpointReadResult? TryRead(string directory, IReadOnlyDictionary<string, LedgerKeys> keys)
    {
        string path = Path.Combine(directory, LedgerFormat.CheckpointFileName);
        if (!System.IO.File.Exists(path))
        {
            return null;
        }

        byte[] bytes = System.IO.File.ReadAllBytes(path);
        ReadOnlySpan<byte> span = bytes;
        if (span.EndsWith("\n"u8))
        {
            span = span[..^1];
        }

        const int SuffixLength = 9 + LedgerFormat.MacBase64Chars + 2;
        if (span.Length <= SuffixLength || !span[^SuffixLength..].StartsWith(",\"cmac\":\""u8) || !span.EndsWith("\"}"u8))
        {
            return new CheckpointReadResult(null, AuditLedgerProblem.BadCheckpoint, "the checkpoint file is not in the expected format", null);
        }

        string? file = null;
        long seq = -1;
        long length = -1;
        byte[]? mac = null;
        string? kid = null;
        DateTimeOffset ts = default;
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            file = root.GetProperty("file").ValueKind == JsonValueKind.Null ? null : root.GetProperty("file").GetString();
            seq = root.GetProperty("seq").GetInt64();
            length = root.GetProperty("length").GetInt64();
            mac = root.GetProperty("mac").GetBytesFromBase64();
            kid = root.GetProperty("kid").GetString();
            ts = root.GetProperty("ts").GetDateTimeOffset();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return new CheckpointReadResult(null, AuditLedgerProblem.BadCheckpoint, "the checkpoint file is not valid", null);
        }

        if (kid is null || mac is null || mac.Length != LedgerFormat.MacBytes || seq < 0 || length < 0
            || (file is not null && !LedgerFormat.TryParseFileName(file, out _, out _)))
        {
            return new CheckpointReadResult(null, AuditLedgerProblem.BadCheckpoint, "the checkpoint file has invalid fields", null);
        }

        var checkpoint = new LedgerCheckpoint(file, seq, length, mac, kid, ts);
        if (!keys.TryGetValue(kid, out LedgerKeys? key))
        {
            return new CheckpointReadResult(checkpoint, AuditLedgerProblem.UnknownKey, $"the checkpoint uses key id '{kid}', which was not given", kid);
        }

        byte[] expected = new byte[LedgerFormat.MacBytes];
        key.ComputeCheckpointMac(span[..^SuffixLength], expected);
        byte[] actual = new byte[LedgerFormat.MacBytes];
        if (!LedgerFormat.TryDecodeCanonicalMac(span.Slice(span.Length - SuffixLength + 9, LedgerFormat.MacBase64Chars), actual)
            || !CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return new CheckpointReadResult(null, AuditLedgerProblem.BadCheckpoint, "the checkpoint's MAC does not match: it was changed or written with another key", null);
        }

        return new CheckpointReadResult(checkpoint, AuditLedgerProblem.None, string.Empty, kid);
    }
}
