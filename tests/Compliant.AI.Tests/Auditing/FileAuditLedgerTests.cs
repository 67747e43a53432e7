using System.Text;
using Compliant.AI;
using Microsoft.Extensions.Time.Testing;
using static Compliant.AI.Tests.Auditing.LedgerTestSupport;

namespace Compliant.AI.Tests.Auditing;

public class FileAuditLedgerTests
{
    [Fact]
    public async Task WriteAsync_SomeRecords_LedgerVerifiesIntact()
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 10))
        {
        }

        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA]);

        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(10, result.RecordCount);
        Assert.True(result.CheckpointVerified);
        Assert.Equal("intact: 10 records", result.ToString());
    }

    [Fact]
    public async Task WriteAsync_LineFormat_HasChainFieldsAndNoKey()
    {
        using var dir = new TempDirectory();
        await using (await WriteLedgerAsync(dir.Path, 2))
        {
        }

        string[] lines = File.ReadAllLines(OnlyFile(dir.Path));
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"v\":1,\"seq\":1,\"ts\":\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"kid\":\"a\",\"kind\":\"record\",\"prev\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"rec\":{", lines[0], StringComparison.Ordinal);
        Assert.Matches("^.*,\"mac\":\"[A-Za-z0-9+/]{43}=\"}$", lines[0]);
        Assert.Contains("\"seq\":2", lines[1], StringComparison.Ordinal);
        foreach (string file in Directory.GetFiles(dir.Path))
        {
            Assert.DoesNotContain(KeyA, File.ReadAllText(file), StringComparison.Ordinal);
        }
    }
}
