using Compliant.AI;

namespace Compliant.AI.Tests.Auditing;

public class FileAuditCheckpointWitnessTests
{
    [Fact]
    public async Task ReadAsync_NothingPublished_ReturnsNull()
    {
        using var dir = new TempDirectory();
        var witness = new FileAuditCheckpointWitness(Path.Combine(dir.Path, "missing", "w"));

        Assert.Null(await witness.ReadAsync());
    }

    [Fact]
    public async Task PublishAsync_ThenReadAsync_ReturnsEveryFieldUnchangedInOneFixedSlot()
    {
        using var dir = new TempDirectory();
        var witness = new FileAuditCheckpointWitness(Path.Combine(dir.Path, "sub", "w"));
        var first = new AuditCheckpoint { FileName = "audit-00000001-20261123.jsonl", Sequence = 41, Length = 9000, HeadMac = "AAAA", KeyId = "k", Timestamp = new DateTimeOffset(2026, 11, 23, 1, 2, 3, TimeSpan.Zero), Mac = "BBBB" };
        var second = new AuditCheckpoint { FileName = null, Sequence = 42, Length = 0, HeadMac = "CCCC", KeyId = "k2", Timestamp = first.Timestamp.AddSeconds(1), Mac = "DDDD" };

        await witness.PublishAsync(first);
        await witness.PublishAsync(second);
        AuditCheckpoint read = (await witness.ReadAsync())!;

        Assert.Equivalent(second, read);
        Assert.Equal(512, new FileInfo(witness.FilePath).Length);
    }

    [Fact]
    public async Task ReadAsync_ChangedFile_ThrowsInvalidDataException()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "w");
        File.WriteAllText(path, "not a checkpoint");

        await Assert.ThrowsAsync<InvalidDataException>(() => new FileAuditCheckpointWitness(path).ReadAsync().AsTask());
    }

    [Fact]
    public void Constructor_EmptyPath_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new FileAuditCheckpointWitness(" "));
    }
}
