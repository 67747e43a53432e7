namespace Compliant.AI.Tests;

[Collection(PostgresServerGroup.Name)]
public sealed class PostgreSqlAuditTamperTests
{
    public static TheoryData<string, string, AuditLedgerProblem, long> Tampers() => new()
    {
        // name, SQL on the ledger of 10 records, expected problem, expected line (= sequence)
        { "changed content", "UPDATE {s}.audit_ledger SET line = convert_to(replace(convert_from(line, 'UTF8'), '\"recordId\":\"r3\"', '\"recordId\":\"rX\"'), 'UTF8') WHERE seq = 4", AuditLedgerProblem.ChangedLine, 4 },
        { "deleted middle row", "DELETE FROM {s}.audit_ledger WHERE seq = 6", AuditLedgerProblem.MissingLine, 6 },
        { "swapped rows", "UPDATE {s}.audit_ledger SET seq = 1000 WHERE seq = 3; UPDATE {s}.audit_ledger SET seq = 3 WHERE seq = 7; UPDATE {s}.audit_ledger SET seq = 7 WHERE seq = 1000", AuditLedgerProblem.ReorderedLine, 3 },
        { "duplicated row", "UPDATE {s}.audit_ledger SET line = (SELECT line FROM {s}.audit_ledger WHERE seq = 2) WHERE seq = 3", AuditLedgerProblem.DuplicatedLine, 3 },
        { "deleted tail", "DELETE FROM {s}.audit_ledger WHERE seq > 8", AuditLedgerProblem.TruncatedTail, 9 },
        { "head moved", "UPDATE {s}.audit_head SET mac = decode(repeat('11', 32), 'hex')", AuditLedgerProblem.CheckpointMismatch, 10 },
    };

    [PostgresTheory]
    [MemberData(nameof(Tampers))]
    public async Task VerifyAsync_Tampered_ReportsTheProblemAtTheRightRecord(string name, string sql, AuditLedgerProblem expected, long line)
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        await using (PostgreSqlAuditLedger ledger = await t.OpenAsync())
        {
            for (int i = 0; i < 10; i++)
            {
                await ledger.WriteAsync(TestLedger.Record($"r{i}"));
            }
        }

        Assert.True((await t.VerifyAsync()).IsIntact);
        await t.ExecuteAsync(sql);

        AuditLedgerVerificationResult result = await t.VerifyAsync();

        Assert.False(result.IsIntact, name);
        Assert.True(expected == result.Problem, $"{name}: expected {expected}, got {result.Problem} ({result.Reason})");
        Assert.True(line == result.LineNumber, $"{name}: expected sequence {line}, got {result.LineNumber} ({result.Reason})");
        Assert.DoesNotContain("r5", result.Reason, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task VerifyAsync_TailAndHeadRewoundTogether_OnlyTheWitnessNotices()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        string witnessFile = Path.Combine(Path.GetTempPath(), $"pg-witness-{Guid.NewGuid():N}");
        try
        {
            var witness = new FileAuditCheckpointWitness(witnessFile);
            await using (PostgreSqlAuditLedger ledger = await t.OpenAsync(witness))
            {
                for (int i = 0; i < 10; i++)
                {
                    await ledger.WriteAsync(TestLedger.Record($"r{i}"));
                }
            }

            Assert.Equal(10, (await t.VerifyAsync(witness)).WitnessedSequence);

            // A database owner removes the last two rows and moves the head back consistently.
            await t.ExecuteAsync("DELETE FROM {s}.audit_ledger WHERE seq > 8");
            await t.ExecuteAsync("UPDATE {s}.audit_head SET seq = 8, mac = decode(substring(convert_from(l.line, 'UTF8') from '\"mac\":\"([^\"]+)\"\\}'), 'base64') FROM {s}.audit_ledger l WHERE l.seq = 8");

            Assert.True((await t.VerifyAsync()).IsIntact);
            AuditLedgerVerificationResult withWitness = await t.VerifyAsync(witness);
            Assert.Equal(AuditLedgerProblem.TruncatedTail, withWitness.Problem);
            Assert.Equal(9, withWitness.LineNumber);
        }
        finally
        {
            File.Delete(witnessFile);
        }
    }

    [PostgresFact]
    public async Task CheckpointWitness_OfAFileLedger_DetectsTheRemovedTail()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        string dir = Directory.CreateTempSubdirectory("file-ledger-").FullName;
        try
        {
            await using var witness = new PostgreSqlCheckpointWitness(TestLedger.ConnectionString, "file-ledger-1", t.Schema);
            await using (var ledger = new FileAuditLedger(new AuditLedgerOptions { Directory = dir, KeyId = "scale", WitnessRecordInterval = 1 }, key: t.Key, witness: witness))
            {
                for (int i = 0; i < 5; i++)
                {
                    await ledger.WriteAsync(TestLedger.Record($"r{i}"));
                }
            }

            AuditLedgerVerificationResult intact = await AuditLedgerVerifier.VerifyAsync(dir, [t.Key], witness);
            Assert.True(intact.IsIntact, intact.Reason);
            Assert.NotNull((await witness.ReadAsync())?.HeadMac);
            Assert.True(intact.WitnessedSequence >= 5);

            // Remove the ledger's last line and its checkpoint: only the database still knows the head.
            string file = Directory.GetFiles(dir, "audit-*.jsonl").Single();
            string[] lines = await File.ReadAllLinesAsync(file);
            await File.WriteAllLinesAsync(file, lines[..^1]);
            File.Delete(Path.Combine(dir, "ledger.checkpoint"));

            AuditLedgerVerificationResult cut = await AuditLedgerVerifier.VerifyAsync(dir, [t.Key], witness);
            Assert.Equal(AuditLedgerProblem.TruncatedTail, cut.Problem);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
