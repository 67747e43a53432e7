using Compliant.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Compliant.AI.Tests.Auditing.LedgerTestSupport;

namespace Compliant.AI.Tests.Auditing;

public class AuditLedgerCompliantAIBuilderExtensionsTests
{
    [Fact]
    public async Task AddAuditLedger_FromConfiguration_RegistersLedgerAsSinkAndFlushesOnDispose()
    {
        using var dir = new TempDirectory();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Compliant:Audit:Ledger:Directory"] = dir.Path,
            ["Compliant:Audit:Ledger:KeyId"] = "a",
            ["Compliant:Audit:Ledger:Key"] = KeyA,
            ["Compliant:Audit:Ledger:MaxBatchSize"] = "64",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddCompliantAI().AddAuditLedger();

        Task[] appends;
        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            IAuditSink sink = provider.GetRequiredService<IAuditSink>();
            Assert.IsType<FileAuditLedger>(sink);
            Assert.Same(sink, provider.GetRequiredService<FileAuditLedger>());
            appends = [.. Enumerable.Range(0, 100).Select(i => sink.WriteAsync(Record(i)).AsTask())];
        }

        await Task.WhenAll(appends);
        Assert.Equal(100, (await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA])).RecordCount);
    }

    [Fact]
    public async Task AddAuditLedger_RegisteredWitness_ReceivesTheHeadAndVerificationUsesIt()
    {
        using var dir = new TempDirectory();
        var witness = new MemoryWitness();
        var services = new ServiceCollection();
        services.AddSingleton<IAuditCheckpointWitness>(witness);
        services.AddCompliantAI().AddAuditLedger(o =>
        {
            o.Directory = dir.Path;
            o.Key = KeyA;
            o.KeyId = "a";
            o.WitnessRecordInterval = 1;
        });

        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            IAuditSink sink = provider.GetRequiredService<IAuditSink>();
            for (int i = 0; i < 10; i++)
            {
                await sink.WriteAsync(Record(i));
            }
        }

        AuditCheckpoint head = Assert.IsType<AuditCheckpoint>(witness.Current);
        AuditLedgerVerificationResult result = await AuditLedgerVerifier.VerifyAsync(dir.Path, [AuditKeyA], witness);
        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(10, result.RecordCount);
        Assert.Equal(result.LastSequence, head.Sequence);
    }

    [Fact]
    public void AddAuditLedger_SyncDispose_ClosesLedger()
    {
        using var dir = new TempDirectory();
        var services = new ServiceCollection();
        services.AddCompliantAI().AddAuditLedger(o =>
        {
            o.Directory = dir.Path;
            o.Key = KeyA;
            o.KeyId = "a";
        });

        using (ServiceProvider provider = services.BuildServiceProvider())
        {
            _ = provider.GetRequiredService<IAuditSink>();
        }

        using var reopened = new FileAuditLedger(Options(dir.Path)); // the lock was released
        Assert.False(reopened.IsRefusingAppends);
    }

    [Fact]
    public async Task AddInMemoryAuditSink_ReplacesLedgerRegistration()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddAuditLedger().AddInMemoryAuditSink();
        await using ServiceProvider provider = services.BuildServiceProvider();

        IAuditSink sink = provider.GetRequiredService<IAuditSink>();
        await sink.WriteAsync(Record(1));

        Assert.Same(sink, provider.GetRequiredService<InMemoryAuditSink>());
        Assert.Single(provider.GetRequiredService<InMemoryAuditSink>().Records);
    }

    private sealed class MemoryWitness : IAuditCheckpointWitness
    {
        public AuditCheckpoint? Current { get; private set; }

        public ValueTask PublishAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
        {
            Current = checkpoint;
            return ValueTask.CompletedTask;
        }

        public ValueTask<AuditCheckpoint?> ReadAsync(CancellationToken cancellationToken = default) => new(Current);
    }
}
