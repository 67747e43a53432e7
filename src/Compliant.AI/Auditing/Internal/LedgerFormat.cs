using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Compliant.AI.Auditing.Internal;

/// <summary>The on-disk format of the ledger: file names, line layout, MAC suffix.</summary>
/// <remarks>
/// A line is <c>BODY + ,"mac":"&lt;44 base64 chars&gt;"}\n</c> where BODY is
/// <c>{"v":1,"seq":N,"ts":"...","kid":"...","kind":"...","prev":"&lt;base64&gt;",...payload</c>. The MAC is
/// HMAC-SHA256(derived line key, previous MAC bytes || the exact UTF-8 bytes of BODY). Verification uses the stored
/// bytes, never a re-serialization, so "canonical" means "exactly what was written".
/// </remarks>
internal static class LedgerFormat
{
    public const int Version = 1;
    public const int MacBytes = 32;
    public const int MacBase64Chars = 44;
    public const string FilePrefix = "audit-";
    public const string FileExtension = ".jsonl";
    public const string CheckpointFileName = "ledger.checkpoint";
    public const string LockFileName = "ledger.lock";

    public const string KindRecord = "record";
    public const string KindKey = "key";
    public const string KindRepair = "repair";
    public const string KindClock = "clock";

    // ,"mac":"  (8) + 44 + "}  (2)
    public const int SuffixLength = 8 + MacBase64Chars + 2;

    public static ReadOnlySpan<byte> MacPrefix => ",\"mac\":\""u8;

    public static ReadOnlySpan<byte> MacEnd => "\"}"u8;

    public static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };

    /// <summary>Builds a file name: <c>audit-00000001-20261123.jsonl</c>. The number orders files; the date is informative.</summary>
    public static string FileName(long number, DateTimeOffset utcDay) =>
        string.Create(CultureInfo.InvariantCulture, $"{FilePrefix}{number:D8}-{utcDay.UtcDateTime:yyyyMMdd}{FileExtension}");

    public static bool TryParseFileName(string fileName, out long number, out DateOnly day)
    {
        number = 0;
        day = default;

        // audit-NNNNNNNN-YYYYMMDD.jsonl
        if (fileName.Length != FilePrefix.Length + 8 + 1 + 8 + FileExtension.Length
            || !fileName.StartsWith(FilePrefix, StringComparison.Ordinal)
            || !fileName.EndsWith(FileExtension, StringComparison.Ordinal)
            || fileName[FilePrefix.Length + 8] != '-')
        {
            return false;
        }

        return long.TryParse(fileName.AsSpan(FilePrefix.Length, 8), NumberStyles.None, CultureInfo.InvariantCulture, out number)
            && number > 0
            && DateOnly.TryParseExact(fileName.AsSpan(FilePrefix.Length + 9, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    /// <summary>The ledger files in a directory, ordered by file number.</summary>
    public static List<(long Number, string Path)> ListFiles(string directory)
    {
        var files = new List<(long, string)>();
        foreach (string path in Directory.EnumerateFiles(directory, FilePrefix + "*" + FileExtension))
        {
            if (TryParseFileName(Path.GetFileName(path), out long number, out _))
            {
                files.Add((number, path));
            }
        }

        files.Sort(static (a, b) => a.Item1.CompareTo(b.Item1));
        return files;
    }

    /// <summary>Writes one complete line (body, MAC suffix, newline) to <paramref name="output"/>.</summary>
    /// <returns>The line's MAC (written to <paramref name="mac"/>).</returns>
    public static void WriteLine(
        ArrayBufferWriter<byte> output,
        LedgerKeys keys,
        long seq,
        DateTimeOffset timestamp,
        string kind,
        ReadOnlySpan<byte> previousMac,
        Action<Utf8JsonWriter, object?>? writePayload,
        object? state,
        Span<byte> mac)
    {
        int start = output.WrittenCount;
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v"u8, Version);
            writer.WriteNumber("seq"u8, seq);
            writer.WriteString("ts"u8, timestamp.ToUniversalTime());
            writer.WriteString("kid"u8, keys.KeyId);
            writer.WriteString("kind"u8, kind);
            writer.WriteBase64String("prev"u8, previousMac);
            writePayload?.Invoke(writer, state);
            writer.Flush();
        }

        ReadOnlySpan<byte> body = output.WrittenSpan[start..];
        keys.ComputeLineMac(previousMac, body, mac);

        Span<byte> suffix = output.GetSpan(SuffixLength + 1);
        MacPrefix.CopyTo(suffix);
        Base64.EncodeToUtf8(mac, suffix[MacPrefix.Length..], out _, out int written);
        MacEnd.CopyTo(suffix[(MacPrefix.Length + written)..]);
        suffix[SuffixLength] = (byte)'\n';
        output.Advance(SuffixLength + 1);
    }

    /// <summary>Parses a line (without its newline) into its fields; does not check the MAC.</summary>
    public static bool TryParseLine(ReadOnlySpan<byte> line, out LedgerLine parsed, out string reason)
    {
        parsed = default;
        if (line.Length <= SuffixLength + 2
            || !line[^SuffixLength..].StartsWith(MacPrefix)
            || !line.EndsWith(MacEnd))
        {
            reason = "the line does not end with a MAC field";
            return false;
        }

        byte[] mac = new byte[MacBytes];
        ReadOnlySpan<byte> macText = line.Slice(line.Length - SuffixLength + MacPrefix.Length, MacBase64Chars);
        if (!TryDecodeCanonicalMac(macText, mac))
        {
            reason = "the MAC field is not valid base64 of 32 bytes";
            return false;
        }

        long seq = -1;
        int version = -1;
        DateTimeOffset ts = default;
        bool hasTs = false;
        string? kid = null;
        string? kind = null;
        byte[]? prev = null;
        string? prevKid = null;
        bool hasMac = false;
        int recordStart = -1;
        int recordLength = 0;
        try
        {
            var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                reason = "the line is not a JSON object";
                return false;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (!seen.Add(name))
                {
                    reason = "a field of the line appears twice";
                    return false;
                }

                reader.Read();
                switch (name)
                {
                    case "v": version = reader.GetInt32(); break;
                    case "seq": seq = reader.GetInt64(); break;
                    case "ts": ts = reader.GetDateTimeOffset(); hasTs = true; break;
                    case "kid": kid = reader.GetString(); break;
                    case "kind": kind = reader.GetString(); break;
                    case "prev": prev = reader.GetBytesFromBase64(); break;
                    case "prevKid": prevKid = reader.GetString(); break;
                    case "mac": hasMac = true; break;
                    case "rec":
                        recordStart = (int)reader.TokenStartIndex;
                        reader.Skip();
                        recordLength = (int)reader.BytesConsumed - recordStart;
                        break;
                    default: reader.Skip(); break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                reason = "the line is not a single JSON object";
                return false;
            }
        }
        catch (JsonException)
        {
            reason = "the line is not valid JSON";
            return false;
        }
        catch (InvalidOperationException)
        {
            reason = "a field of the line has the wrong type";
            return false;
        }
        catch (FormatException)
        {
            reason = "a field of the line has an invalid value";
            return false;
        }

        if (version != Version || seq < 1 || !hasTs || string.IsNullOrEmpty(kid) || string.IsNullOrEmpty(kind)
            || prev is null || prev.Length != MacBytes || !hasMac)
        {
            reason = version != Version && version != -1
                ? string.Create(CultureInfo.InvariantCulture, $"the line has unsupported format version {version}")
                : "the line lacks a required field (v, seq, ts, kid, kind, prev, mac) or one is invalid";
            return false;
        }

        parsed = new LedgerLine(seq, ts, kid, kind, prev, mac, line.Length - SuffixLength, prevKid, recordStart, recordLength);
        reason = string.Empty;
        return true;
    }

    /// <summary>Decodes 44 base64 characters into a 32-byte MAC, accepting only the canonical encoding (so no two texts decode to the same MAC).</summary>
    public static bool TryDecodeCanonicalMac(ReadOnlySpan<byte> text, Span<byte> mac)
    {
        if (text.Length != MacBase64Chars
            || Base64.DecodeFromUtf8(text, mac, out _, out int length) != OperationStatus.Done
            || length != MacBytes)
        {
            return false;
        }

        Span<byte> reencoded = stackalloc byte[MacBase64Chars];
        return Base64.EncodeToUtf8(mac, reencoded, out _, out int written) == OperationStatus.Done
            && written == MacBase64Chars
            && reencoded.SequenceEqual(text);
    }

    /// <summary>Hex-free short digest used to describe cut bytes in a repair line.</summary>
    public static string Sha256Base64(ReadOnlySpan<byte> data) => Convert.ToBase64String(SHA256.HashData(data));
}
