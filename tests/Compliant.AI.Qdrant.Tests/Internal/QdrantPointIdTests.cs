using Compliant.AI.Internal;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compliant.AI.Tests.Internal;

public sealed class QdrantPointIdTests
{
    // Expected values computed independently with Python: uuid.uuid5(uuid.UUID(QdrantPointId.Namespace), chunk_id).
    [Theory]
    [InlineData("doc-1#0003#ab12cd", "2b3cf3c5-c051-56db-ae00-15cef804a6cd")]
    [InlineData("", "93a04cfe-48e4-50d7-a271-df12b6a17d0f")]
    [InlineData("é文", "1c96d3de-feec-5cd6-af94-2e60a006b55d")]
    public void FromChunkId_MatchesRfcVersion5(string chunkId, string expected) => Assert.Equal(expected, QdrantPointId.FromChunkId(chunkId));

    [Property]
    public Property FromChunkId_IsDeterministicVersion5Uuid(NonNull<string> chunkId)
    {
        string id = QdrantPointId.FromChunkId(chunkId.Get);
        Guid parsed = Guid.ParseExact(id, "D");
        return (id == QdrantPointId.FromChunkId(chunkId.Get) && parsed.Version == 5 && id[19] is '8' or '9' or 'a' or 'b').ToProperty();
    }

    [Property]
    public Property FromChunkId_DistinctInputs_DistinctIds(NonNull<string> a, NonNull<string> b) =>
        (a.Get == b.Get || QdrantPointId.FromChunkId(a.Get) != QdrantPointId.FromChunkId(b.Get)).ToProperty();
}
