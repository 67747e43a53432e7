using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.AspNetCore.Tests;

public sealed class CompliantAIHealthChecksTests : IDisposable
{
    private const string Canary = "jane.canary@example.org";
    private static readonly AuditKey Key = AuditKey.FromBase64("k1", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    private readonly string _dir = Directory.CreateTempSubdirectory("compliant-health-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddCompliantAI();
        services.AddHealthChecks().AddCompliantAIChecks();
        configure(services);
        return services.BuildServiceProvider();
    }

    private static async Task<HealthReportEntry> CheckAsync(IServiceProvider services, string name)
    {
        HealthReport report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == name);
        return report.Entries[name];
    }

    private FileAuditLedger NewLedger(string? folder = null, IAuditCheckpointWitness? witness = null) =>
        new(new AuditLedgerOptions { Directory = folder ?? Path.Combine(_dir, "audit"), WitnessRecordInterval = 1 }, _time, key: Key, witness: witness);

    private AuditRecord Record(int i) => new() { RecordId = $"r{i}", Timestamp = _time.GetUtcNow(), Caller = new AuditCaller { UserId = "u" } };

    [Fact]
    public async Task AuditLedger_Open_Healthy()
    {
        await using ServiceProvider sp = Build(s => s.AddSingleton(NewLedger()));

        HealthReportEntry entry = await CheckAsync(sp, "compliant_ai.audit_ledger");

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Contains(CompliantAIHealthChecksBuilderExtensions.Tag, entry.Tags);
    }

    [Fact]
    public async Task AuditLedger_RefusingAppends_Unhealthy()
    {
        string folder = Path.Combine(_dir, "audit");
        using (FileAuditLedger first = NewLedger(folder))
        {
            await first.WriteAsync(Record(1));
        }

        File.Delete(Path.Combine(folder, "ledger.checkpoint"));
        await using ServiceProvider sp = Build(s => s.AddSingleton(NewLedger(folder)));

        HealthReportEntry entry = await CheckAsync(sp, "compliant_ai.audit_ledger");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("MissingCheckpoint", entry.Data["problem"]);
    }

    [Fact]
    public async Task AuditLedger_CannotBeOpened_UnhealthyWithTypeNameOnly()
    {
        await using ServiceProvider sp = Build(s => s.AddSingleton<FileAuditLedger>(_ => throw new AuditWriteException(Canary)));

        HealthReportEntry entry = await CheckAsync(sp, "compliant_ai.audit_ledger");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains(nameof(AuditWriteException), entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, entry.Description, StringComparison.Ordinal);
        Assert.Null(entry.Exception);
    }

    [Fact]
    public async Task Checks_NothingRegistered_HealthySayingSo()
    {
        await using ServiceProvider sp = Build(_ => { });

        HealthReport report = await sp.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(5, report.Entries.Count);
        Assert.All(report.Entries.Values, e => Assert.Equal(HealthStatus.Healthy, e.Status));
        Assert.Contains("No", report.Entries["compliant_ai.retrieval"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditWitness_Current_Healthy()
    {
        var witness = new TestWitness();
        FileAuditLedger ledger = NewLedger(witness: witness);
        await ledger.WriteAsync(Record(1));
        await using ServiceProvider sp = Build(s => s.AddSingleton(ledger).AddSingleton<IAuditCheckpointWitness>(witness));

        HealthReportEntry entry = await CheckAsync(sp, "compliant_ai.audit_witness");

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(1L, entry.Data["witnessed"]);
    }

    [Fact]
    public async Task AuditWitness_PublicationsFailLongerThanMaxLag_Degraded_ThenHealthyWhenCaughtUp()
    {
        var witness = new TestWitness();
        FileAuditLedger ledger = NewLedger(witness: witness);
        await ledger.WriteAsync(Record(1));
        witness.FailPublish = true;
        await ledger.WriteAsync(Record(2));
        await using ServiceProvider sp = Build(s => s.AddSingleton(ledger).AddSingleton<IAuditCheckpointWitness>(witness));

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(sp, "compliant_ai.audit_witness")).Status);
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(sp, "compliant_ai.audit_witness")).Status);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HealthStatus.Degraded, (await CheckAsync(sp, "compliant_ai.audit_witness")).Status);

        witness.FailPublish = false;
        await ledger.WriteAsync(Record(3));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(sp, "compliant_ai.audit_witness")).Status);
    }

    [Fact]
    public async Task AuditWitness_Unreadable_Unhealthy()
    {
        var witness = new TestWitness();
        FileAuditLedger ledger = NewLedger(witness: witness);
        witness.FailRead = true;
        await using ServiceProvider sp = Build(s => s.AddSingleton(ledger).AddSingleton<IAuditCheckpointWitness>(witness));

        HealthReportEntry entry = await CheckAsync(sp, "compliant_ai.audit_witness");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.DoesNotContain(Canary, entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrieval_Throws_UnhealthyWithoutMessage()
    {
        await using ServiceProvider sp = Build(s => s.AddSingleton<IRetriever>(new DelegateRetriever((_, _) => throw new InvalidOperationException(Canary))));

        HealthReportEntry entry = await CheckAsync(sp, "compliant_ai.retrieval");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.DoesNotContain(Canary, entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrieval_SlowerThanDegradedThreshold_Degraded()
    {
        await using ServiceProvider sp = Build(s => s.AddSingleton<IRetriever>(new DelegateRetriever((_, _) =>
        {
            _time.Advance(TimeSpan.FromMilliseconds(300));
            return Task.FromResult(new RetrievalResult([]));
        })));

        Assert.Equal(HealthStatus.Degraded, (await CheckAsync(sp, "compliant_ai.retrieval")).Status);
    }

    [Fact]
    public async Task Retrieval_AnonymousCallerQueried_Healthy()
    {
        RetrievalRequest? seen = null;
        await using ServiceProvider sp = Build(s => s.AddSingleton<IRetriever>(new DelegateRetriever((r, _) =>
        {
            seen = r;
            return Task.FromResult(new RetrievalResult([]));
        })));

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(sp, "compliant_ai.retrieval")).Status);
        Assert.Same(CallerContext.Anonymous, seen!.Caller);
    }

    [Fact]
    public async Task BudgetStore_Hangs_UnhealthyAfterProbeTimeout()
    {
        var hang = new TaskCompletionSource<decimal>();
        await using ServiceProvider sp = Build(s => s.AddSingleton<IBudgetStore>(new HangingBudgetStore(hang.Task)));

        Task<HealthReportEntry> check = CheckAsync(sp, "compliant_ai.budget_store");
        while (!check.IsCompleted)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        HealthReportEntry entry = await check;
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("did not answer", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PseudonymVault_InMemory_Healthy()
    {
        await using ServiceProvider sp = Build(s => s.AddSingleton<IPseudonymVault>(new InMemoryPseudonymVault()));

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(sp, "compliant_ai.pseudonym_vault")).Status);
    }

    private sealed class TestWitness : IAuditCheckpointWitness
    {
        private AuditCheckpoint? _last;

        public bool FailPublish { get; set; }

        public bool FailRead { get; set; }

        public ValueTask PublishAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
        {
            if (FailPublish)
            {
                throw new IOException(Canary);
            }

            _last = checkpoint;
            return ValueTask.CompletedTask;
        }

        public ValueTask<AuditCheckpoint?> ReadAsync(CancellationToken cancellationToken = default) =>
            FailRead ? throw new IOException(Canary) : ValueTask.FromResult(_last);
    }

    private sealed class DelegateRetriever(Func<RetrievalRequest, CancellationToken, Task<RetrievalResult>> retrieve) : IRetriever
    {
        public Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default) => retrieve(request, cancellationToken);
    }

    private sealed class HangingBudgetStore(Task<decimal> never) : IBudgetStore
    {
        public ValueTask<bool> TryReserveAsync(string key, decimal amount, decimal limit, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

        public ValueTask AddAsync(string key, decimal amount, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask<decimal> GetSpentAsync(string key, CancellationToken cancellationToken = default) => new(never);
    }
}
