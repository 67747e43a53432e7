using System.Buffers;
using System.Text.Json;
using Compliant.AI.Internal;
using Microsoft.Win32.SafeHandles;

namespace Compliant.AI;

/// <summary>
/// An <see cref="IAuditCheckpointWitness"/> that keeps the checkpoint in one file, rewritten in place and flushed to
/// disk (<c>fsync</c>) on every publication. Put the file outside the ledger folder: on another volume, a WORM or
/// append-protected mount, or a path only the ledger's service account can write.
/// </summary>
/// <remarks>
/// The file holds one 512-byte slot: a JSON line padded with spaces, written with a single positioned write, so it
/// never grows and a publication adds no directory metadata after the first. It holds no record content and no key.
/// All members are thread-safe.
/// </remarks>
public sealed class FileAuditCheckpointWitness : IAuditCheckpointWitness
{
    private const int SlotBytes = 512;
    private readonly Lock _gate = new();

    /// <summary>Initializes a new instance of the <see cref="FileAuditCheckpointWitness"/> class.</summary>
    /// <param name="path">The witness file; its directory is created on the first publication.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    public FileAuditCheckpointWitness(string path)
    {
        Throw.IfNullOrWhitespace(path);
        FilePath = Path.GetFullPath(path);
    }

    /// <summary>Gets the full path of the witness file.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    /// <exception cref="IOException">The file cannot be written or flushed.</exception>
    public ValueTask PublishAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(checkpoint);
        cancellationToken.ThrowIfCancellationRequested();
        byte[] slot = Serialize(checkpoint);
        lock (_gate)
        {
            string? directory = Path.GetDirectoryName(FilePath);
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            using SafeFileHandle handle = File.OpenHandle(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            RandomAccess.Write(handle, slot, 0);
            RandomAccess.FlushToDisk(handle);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The file exists but does not hold a checkpoint in the expected format.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public ValueTask<AuditCheckpoint?> ReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        byte[] bytes;
        lock (_gate)
        {
            if (!File.Exists(FilePath))
            {
                return ValueTask.FromResult<AuditCheckpoint?>(null);
            }

            bytes = File.ReadAllBytes(FilePath);
        }

        return ValueTask.FromResult<AuditCheckpoint?>(Parse(bytes));
    }

    private static byte[] Serialize(AuditCheckpoint checkpoint)
    {
        var output = new ArrayBufferWriter<byte>(SlotBytes);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v"u8, 1);
            if (checkpoint.FileName is null)
            {
                writer.WriteNull("file"u8);
            }
            else
            {
                writer.WriteString("file"u8, checkpoint.FileName);
            }

            writer.WriteNumber("seq"u8, checkpoint.Sequence);
            writer.WriteNumber("length"u8, checkpoint.Length);
            writer.WriteString("head"u8, checkpoint.HeadMac);
            writer.WriteString("kid"u8, checkpoint.KeyId);
            writer.WriteString("ts"u8, checkpoint.Timestamp);
            writer.WriteString("mac"u8, checkpoint.Mac);
            writer.WriteEndObject();
        }

        if (output.WrittenCount >= SlotBytes)
        {
            throw new ArgumentException("The checkpoint does not fit the witness file's slot.", nameof(checkpoint));
        }

        byte[] slot = new byte[SlotBytes];
        output.WrittenSpan.CopyTo(slot);
        slot[output.WrittenCount] = (byte)'\n';
        slot.AsSpan(output.WrittenCount + 1).Fill((byte)' ');
        return slot;
    }

    private static AuditCheckpoint Parse(byte[] bytes)
    {
        int newline = Array.IndexOf(bytes, (byte)'\n');
        if (bytes.Length != SlotBytes || newline < 0)
        {
            throw new InvalidDataException("The audit checkpoint witness file is not in the expected format.");
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes.AsMemory(0, newline));
            JsonElement root = document.RootElement;
            if (root.GetProperty("v").GetInt32() != 1)
            {
                throw new InvalidDataException("The audit checkpoint witness file has an unsupported version.");
            }

            JsonElement file = root.GetProperty("file");
            return new AuditCheckpoint
            {
                FileName = file.ValueKind == JsonValueKind.Null ? null : file.GetString(),
                Sequence = root.GetProperty("seq").GetInt64(),
                Length = root.GetProperty("length").GetInt64(),
                HeadMac = root.GetProperty("head").GetString() ?? string.Empty,
                KeyId = root.GetProperty("kid").GetString() ?? string.Empty,
                Timestamp = root.GetProperty("ts").GetDateTimeOffset(),
                Mac = root.GetProperty("mac").GetString() ?? string.Empty,
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("The audit checkpoint witness file is not in the expected format.", ex);
        }
    }
}
