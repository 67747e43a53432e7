using System.Globalization;
using System.Text.Json;

namespace Compliant.AI.Cli.Retrieval;

/// <summary>
/// The on-disk layout of a CLI index: <c>DIR/bm25.idx</c> (the <see cref="InMemoryBm25Index"/> binary format) and
/// <c>DIR/manifest.json</c> (format name and version, counts, creation time).
/// </summary>
internal static class IndexDirectory
{
    public const string IndexFile = "bm25.idx";
    public const string ManifestFile = "manifest.json";
    public const string FormatName = "compliant-bm25";

    public static async Task SaveAsync(InMemoryBm25Index index, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, IndexFile);
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false))
        {
            index.Save(stream);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        File.Move(temp, path, overwrite: true); // never leave a half-written index under the real name

        using var manifest = new FileStream(Path.Combine(directory, ManifestFile), FileMode.Create);
        using var writer = new Utf8JsonWriter(manifest, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("format", FormatName);
        writer.WriteNumber("version", 1);
        writer.WriteNumber("documents", index.DocumentCount);
        writer.WriteNumber("chunks", index.ChunkCount);
        writer.WriteNumber("k1", index.Options.K1);
        writer.WriteNumber("b", index.Options.B);
        writer.WriteString("created", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static InMemoryBm25Index Load(string directory, Bm25Options? options)
    {
        string path = Path.Combine(directory, IndexFile);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"no index at {directory} (missing {IndexFile}); build one with 'compliant index build'");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return InMemoryBm25Index.Load(stream, options);
    }
}
