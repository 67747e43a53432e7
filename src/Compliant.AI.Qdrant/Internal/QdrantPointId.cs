using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Compliant.AI.Internal;

/// <summary>Derives the Qdrant point id of a chunk: a name-based UUID (RFC 9562 version 5) of the chunk id.</summary>
/// <remarks>
/// <para>
/// Qdrant accepts unsigned integers or UUIDs as point ids, while chunk ids are strings; a deterministic UUID makes
/// re-ingestion idempotent (the same chunk always lands on the same point) and the chunk id itself is kept in the
/// payload. The namespace is <c>uuid5(NAMESPACE_URL, "https://github.com/compliant-ai/compliant-ai/qdrant/chunk-id")</c>,
/// so any tool can compute the same id, for example Python's <c>uuid.uuid5(uuid.UUID(Namespace), chunk_id)</c>.
/// </para>
/// <para>SHA-1 here is the name-to-UUID mapping the standard defines, not a security control.</para>
/// </remarks>
internal static class QdrantPointId
{
    public const string Namespace = "b53a4852-083a-5739-8793-866ca75407de";

    private static readonly byte[] NamespaceBytes = Guid.Parse(Namespace).ToByteArray(bigEndian: true);

    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 9562 version-5 UUIDs are defined over SHA-1; this is an identifier, not a security control.")]
    public static string FromChunkId(string chunkId)
    {
        ArgumentNullException.ThrowIfNull(chunkId);
        int nameLength = Encoding.UTF8.GetByteCount(chunkId);
        byte[] rented = ArrayPool<byte>.Shared.Rent(NamespaceBytes.Length + nameLength);
        try
        {
            NamespaceBytes.CopyTo(rented, 0);
            int written = Encoding.UTF8.GetBytes(chunkId, 0, chunkId.Length, rented, NamespaceBytes.Length);
            Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
            SHA1.HashData(rented.AsSpan(0, NamespaceBytes.Length + written), hash);
            Span<byte> uuid = hash[..16];
            uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50); // version 5
            uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // RFC 4122/9562 variant
            return new Guid(uuid, bigEndian: true).ToString("D");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
