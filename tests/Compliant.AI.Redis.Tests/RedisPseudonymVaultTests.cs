using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Compliant.AI.Testing;
using Microsoft.Extensions.AI;
using StackExchange.Redis;

namespace Compliant.AI.Tests;

[Collection(RedisServerGroup.Name)]
public sealed class RedisPseudonymVaultTests
{
    private const string Canary = "Zebulon Quarrington-Vasquez";

    [RedisFact]
    public async Task GetOrAddPseudonymAsync_SameAndDistinctValues_SameAndDistinctPlaceholders()
    {
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        var vault = new RedisPseudonymVault(redis, PiiKey.CreateRandom());
        string scope = NewScope();

        string alice = await vault.GetOrAddPseudonymAsync(scope, "PERSON", "Alice");
        string bob = await vault.GetOrAddPseudonymAsync(scope, "person", "Bob");
        string aliceAgain = await vault.GetOrAddPseudonymAsync(scope, "PERSON", "Alice");
        string aliceAsPlace = await vault.GetOrAddPseudonymAsync(scope, "LOCATION", "Alice");

        Assert.Equal("<PERSON_1>", alice);
        Assert.Equal("<PERSON_2>", bob);
        Assert.Equal(alice, aliceAgain);
        Assert.Equal("<LOCATION_1>", aliceAsPlace);
        Assert.Equal("Alice", await vault.GetValueAsync(scope, alice));
        Assert.Equal("Bob", await vault.GetValueAsync(scope, bob));
        Assert.Equal("Alice", await vault.GetValueAsync(scope, aliceAsPlace));
    }

    [RedisFact]
    public async Task GetValueAsync_OtherScopeOrUnissuedOrMalformed_ReturnsNull()
    {
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        var vault = new RedisPseudonymVault(redis, PiiKey.CreateRandom());
        string scope = NewScope();
        string alice = await vault.GetOrAddPseudonymAsync(scope, "PERSON", "Alice");

        Assert.Null(await vault.GetValueAsync(NewScope(), alice));
        Assert.Null(await vault.GetValueAsync(scope, "<PERSON_2>"));
        Assert.Null(await vault.GetValueAsync(scope, "<PERSON_01>"));
        Assert.Null(await vault.GetValueAsync(scope, "PERSON_1"));
        Assert.Null(await vault.GetValueAsync(scope, "<LOCATION_1>"));
        Assert.Null(await vault.GetValueAsync(scope, "<_1>"));
    }

    [RedisFact]
    public async Task GetValueAsync_OtherKey_ReturnsNull()
    {
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        string scope = NewScope();
        string alice = await new RedisPseudonymVault(redis, PiiKey.CreateRandom()).GetOrAddPseudonymAsync(scope, "PERSON", "Alice");

        Assert.Null(await new RedisPseudonymVault(redis, PiiKey.CreateRandom()).GetValueAsync(scope, alice));
    }

    [RedisFact]
    public async Task Vault_TwoInstancesOnTwoConnections_RestoreTheSameValues()
    {
        PiiKey key = PiiKey.CreateRandom();
        using ConnectionMultiplexer first = await RedisTestServer.ConnectAsync();
        using ConnectionMultiplexer second = await RedisTestServer.ConnectAsync();
        var a = new RedisPseudonymVault(first, key);
        var b = new RedisPseudonymVault(second, key);
        string scope = NewScope();

        string fromA = await a.GetOrAddPseudonymAsync(scope, "PERSON", "Alice");
        string fromB = await b.GetOrAddPseudonymAsync(scope, "PERSON", "Alice");
        string bobFromB = await b.GetOrAddPseudonymAsync(scope, "PERSON", "Bob");

        Assert.Equal(fromA, fromB);
        Assert.Equal("Bob", await a.GetValueAsync(scope, bobFromB));
        Assert.Equal("<PERSON_2>", bobFromB);
    }

    [RedisFact]
    public async Task Vault_SeveralProcessesAddingTheSameValuesAtOnce_AgreeOnEveryPlaceholder()
    {
        string key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        string scope = NewScope();
        string[] values = [.. Enumerable.Range(0, 40).Select(i => $"Person Number {i}")];
        var files = new List<string>();
        try
        {
            var arguments = new List<string[]>();
            for (int p = 0; p < 4; p++)
            {
                // Each process adds the same values in its own order.
                string file = Path.GetTempFileName();
                files.Add(file);
                await File.WriteAllLinesAsync(file, values.OrderBy(v => (v.GetHashCode(StringComparison.Ordinal) * (p + 1)) ^ p));
                arguments.Add(["vault", TestServers.Redis, scope, file]);
            }

            string[] outputs = await ChildProcesses.RunTogetherAsync(arguments, new Dictionary<string, string> { ["COMPLIANT_PII_KEY"] = key });

            var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string line in outputs.SelectMany(ChildProcesses.Lines))
            {
                string[] parts = line.Split('\t');
                Assert.True(parts.Length == 2 && parts[1].Length > 0, $"a process could not restore its own placeholder: {line}");
                if (mapping.TryGetValue(parts[0], out string? seen))
                {
                    Assert.Equal(seen, parts[1]);
                }
                else
                {
                    mapping[parts[0]] = parts[1];
                }
            }

            Assert.Equal(values.Length, mapping.Count);
            Assert.Equal(values.Order(StringComparer.Ordinal), mapping.Values.Order(StringComparer.Ordinal));
            Assert.Equal(Enumerable.Range(1, values.Length).Select(n => $"<PERSON_{n}>").Order(StringComparer.Ordinal), mapping.Keys.Order(StringComparer.Ordinal));
        }
        finally
        {
            files.ForEach(File.Delete);
        }
    }

    [RedisFact]
    public async Task Vault_Storage_HoldsNoPersonalDataOrScopeInTheClear()
    {
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        var vault = new RedisPseudonymVault(redis, PiiKey.CreateRandom());
        string scope = "conversation-of-" + Canary;
        await vault.GetOrAddPseudonymAsync(scope, "PERSON", Canary);
        await vault.GetOrAddPseudonymAsync(scope, "EMAIL_ADDRESS", "zebulon@example.org");

        IServer server = redis.GetServers()[0];
        IDatabase db = redis.GetDatabase();
        var everything = new StringBuilder();
        await foreach (RedisKey key in server.KeysAsync(pattern: "compliant-ai:pii:*"))
        {
            everything.Append(Encoding.Latin1.GetString((byte[])key!)).Append('\n');
            foreach (HashEntry entry in await db.HashGetAllAsync(key))
            {
                everything.Append(Encoding.Latin1.GetString((byte[])entry.Name!)).Append('=').Append(Encoding.Latin1.GetString((byte[])entry.Value!)).Append('\n');
            }
        }

        string dump = everything.ToString();
        Assert.Contains("compliant-ai:pii:", dump, StringComparison.Ordinal);
        foreach (string secret in (string[])["Zebulon", "Quarrington", "zebulon@example.org", "conversation-of"])
        {
            Assert.DoesNotContain(secret, dump, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, Encoding.Latin1.GetString(Encoding.Unicode.GetBytes(dump)), StringComparison.OrdinalIgnoreCase);
        }
    }

    [RedisFact]
    public async Task Vault_OneScope_IsOneKeyWhoseExpiryEveryCallRefreshes()
    {
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        var vault = new RedisPseudonymVault(redis, PiiKey.CreateRandom(), TimeSpan.FromHours(1));
        string scope = NewScope();
        string alice = await vault.GetOrAddPseudonymAsync(scope, "PERSON", "Alice");
        await vault.GetOrAddPseudonymAsync(scope, "PERSON", "Bob");
        await vault.GetOrAddPseudonymAsync(scope, "US_SSN", "123-45-6789");
        IDatabase db = redis.GetDatabase();
        RedisKey hash = vault.HashKey(scope);

        // Everything of the scope is one key: it can only expire (or be evicted) whole.
        Assert.Equal(RedisType.Hash, await db.KeyTypeAsync(hash));
        Assert.Equal(3 + 2, (await db.HashGetAllAsync(hash)).Count(e => ((string)e.Name!).StartsWith("p:", StringComparison.Ordinal) || ((string)e.Name!).StartsWith("c:", StringComparison.Ordinal)));

        // Reading one entry refreshes the whole scope: a value in use never outlives its counter or the reverse.
        await db.KeyExpireAsync(hash, TimeSpan.FromSeconds(30));
        Assert.Equal("Alice", await vault.GetValueAsync(scope, alice));
        Assert.True(await db.KeyTimeToLiveAsync(hash) > TimeSpan.FromMinutes(30));

        await db.KeyExpireAsync(hash, TimeSpan.FromSeconds(30));
        await vault.GetOrAddPseudonymAsync(scope, "PERSON", "Alice");
        Assert.True(await db.KeyTimeToLiveAsync(hash) > TimeSpan.FromMinutes(30));
    }

    [RedisFact]
    public async Task Vault_ScopeExpired_LosesEveryEntryTogetherAndNumbersAfresh()
    {
        // The partial-expiry case: with per-entry expiry, Alice's placeholder could outlive the counter and a new person
        // would get <PERSON_1> while Alice's entry still answered for it. Here the scope expires whole.
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        var vault = new RedisPseudonymVault(redis, PiiKey.CreateRandom());
        string scope = NewScope();
        string alice = await vault.GetOrAddPseudonymAsync(scope, "PERSON", "Alice");
        string bob = await vault.GetOrAddPseudonymAsync(scope, "PERSON", "Bob");

        // An expiry time in the past makes Redis expire the key now, through its real expiry path.
        Assert.True(await redis.GetDatabase().KeyExpireAsync(vault.HashKey(scope), DateTime.UnixEpoch.AddYears(1)));

        Assert.Null(await vault.GetValueAsync(scope, alice));
        Assert.Null(await vault.GetValueAsync(scope, bob));
        string carol = await vault.GetOrAddPseudonymAsync(scope, "PERSON", "Carol");
        Assert.Equal("<PERSON_1>", carol);
        Assert.Equal("Carol", await vault.GetValueAsync(scope, carol));
        Assert.Null(await vault.GetValueAsync(scope, "<PERSON_2>"));
    }

    [RedisFact]
    public async Task GetValueAsync_TamperedOrSwappedEntry_ReturnsNull()
    {
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        var vault = new RedisPseudonymVault(redis, PiiKey.CreateRandom());
        string scope = NewScope();
        await vault.GetOrAddPseudonymAsync(scope, "PERSON", "Alice");
        await vault.GetOrAddPseudonymAsync(scope, "LOCATION", "Paris");
        IDatabase db = redis.GetDatabase();
        RedisKey hash = vault.HashKey(scope);

        // A ciphertext moved to another type's placeholder fails the MAC check.
        byte[] alice = (byte[])(await db.HashGetAsync(hash, "p:PERSON:1"))!;
        await db.HashSetAsync(hash, "p:LOCATION:1", alice);
        Assert.Null(await vault.GetValueAsync(scope, "<LOCATION_1>"));

        // A flipped bit fails the AEAD tag.
        alice[^1] ^= 1;
        await db.HashSetAsync(hash, "p:PERSON:1", alice);
        Assert.Null(await vault.GetValueAsync(scope, "<PERSON_1>"));
    }

    [RedisFact]
    public async Task Vault_ServerThatMayEvict_ThrowsEvictionPolicyUnlessAllowed()
    {
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        await using (await RedisTestServer.SetConfigAsync(redis, "maxmemory-policy", "allkeys-lru"))
        {
            var vault = new RedisPseudonymVault(redis, PiiKey.CreateRandom());
            RedisStoreException ex = await Assert.ThrowsAsync<RedisStoreException>(() => vault.GetOrAddPseudonymAsync("s-" + Canary, "PERSON", Canary).AsTask());
            Assert.Equal(RedisStoreFailure.EvictionPolicy, ex.Failure);
            Assert.DoesNotContain("Zebulon", ex.Message, StringComparison.Ordinal);

            var tolerant = new RedisPseudonymVault(redis, PiiKey.CreateRandom(), allowEviction: true);
            Assert.Equal("<PERSON_1>", await tolerant.GetOrAddPseudonymAsync(NewScope(), "PERSON", Canary));
        }
    }

    [RedisFact]
    public async Task Vault_ServerEvictingUnderMemoryPressure_RefusesTypedOrRestoresOnlyWhatWasIssued()
    {
        // A server of its own that really evicts: 3 MB and allkeys-lru from the start.
        await using PrivateRedisServer server = await PrivateRedisServer.StartAsync("--maxmemory", "3mb", "--maxmemory-policy", "allkeys-lru");
        using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        PiiKey key = PiiKey.CreateRandom();

        // The documented default, fail-closed: the vault and the budget store refuse the server, typed, and store nothing.
        RedisStoreException refused = await Assert.ThrowsAsync<RedisStoreException>(() => new RedisPseudonymVault(redis, key).GetOrAddPseudonymAsync("s-" + Canary, "PERSON", Canary).AsTask());
        RedisStoreException budget = await Assert.ThrowsAsync<RedisStoreException>(() => new RedisBudgetStore(redis).TryReserveAsync("tenant", 1m, 10m, DateTimeOffset.UnixEpoch.AddYears(100)).AsTask());
        Assert.Equal(RedisStoreFailure.EvictionPolicy, refused.Failure);
        Assert.Equal(RedisStoreFailure.EvictionPolicy, budget.Failure);
        Assert.DoesNotContain("Zebulon", refused.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await redis.GetServers()[0].DatabaseSizeAsync());

        // With eviction accepted explicitly, fill the server until it evicts whole conversations: a placeholder whose
        // scope is gone restores to nothing (left as it is), never to another person's value.
        var tolerant = new RedisPseudonymVault(redis, key, allowEviction: true);
        var issued = new List<(string Scope, string Placeholder, string Value)>();
        long evicted = 0;
        for (int chunk = 0; evicted == 0 && chunk < 200; chunk++)
        {
            (string Scope, string Value)[] items = [.. Enumerable.Range(chunk * 200, 200).Select(i => ($"conversation-{i}", $"Person Number {i} {new string('x', 200)}"))];
            string[] placeholders = await Task.WhenAll(items.Select(it => tolerant.GetOrAddPseudonymAsync(it.Scope, "PERSON", it.Value).AsTask()));
            issued.AddRange(items.Select((it, j) => (it.Scope, placeholders[j], it.Value)));
            evicted = EvictedKeys(await redis.GetServers()[0].InfoAsync("stats"));
        }

        Assert.True(evicted > 0, "the server never evicted");
        int restored = 0, lost = 0;
        foreach ((string scope, string placeholder, string value) in issued)
        {
            string? back = await tolerant.GetValueAsync(scope, placeholder);
            if (back is null)
            {
                lost++;
            }
            else
            {
                Assert.Equal(value, back);
                restored++;
            }
        }

        Assert.True(lost > 0 && restored > 0, $"{lost} lost, {restored} restored");
    }

    private static long EvictedKeys(IGrouping<string, KeyValuePair<string, string>>[] info) =>
        long.Parse(info.SelectMany(g => g).Single(kv => kv.Key == "evicted_keys").Value, CultureInfo.InvariantCulture);

    [RedisFact]
    public async Task GetOrAddPseudonymAsync_ServerOutOfMemory_ThrowsOutOfMemoryAndIssuesNothing()
    {
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        var vault = new RedisPseudonymVault(redis, PiiKey.CreateRandom());
        string scope = NewScope();
        await vault.GetOrAddPseudonymAsync(scope, "PERSON", "Alice");
        RedisStoreException ex;
        await using (await RedisTestServer.SetConfigAsync(redis, "maxmemory", "1"))
        {
            ex = await Assert.ThrowsAsync<RedisStoreException>(() => vault.GetOrAddPseudonymAsync(scope, "PERSON", Canary).AsTask());
        }

        Assert.Equal(RedisStoreFailure.OutOfMemory, ex.Failure);
        Assert.DoesNotContain("Zebulon", ex.ToString(), StringComparison.Ordinal);
        Assert.Equal("<PERSON_2>", await vault.GetOrAddPseudonymAsync(scope, "PERSON", "Bob"));
    }

    [Fact]
    public async Task Vault_UnreachableServer_ThrowsUnavailableWithoutPersonalData()
    {
        using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200,syncTimeout=500,asyncTimeout=500,connectRetry=0");
        var vault = new RedisPseudonymVault(redis, PiiKey.CreateRandom(), allowEviction: true);

        RedisStoreException add = await Assert.ThrowsAsync<RedisStoreException>(() => vault.GetOrAddPseudonymAsync("s-" + Canary, "PERSON", Canary).AsTask());
        RedisStoreException get = await Assert.ThrowsAsync<RedisStoreException>(() => vault.GetValueAsync("s-" + Canary, "<PERSON_1>").AsTask());

        Assert.Equal(RedisStoreFailure.Unavailable, add.Failure);
        Assert.Equal(RedisStoreFailure.Unavailable, get.Failure);
        Assert.DoesNotContain("Zebulon", add.Message + get.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", add.Message, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task Vault_ServerGoneMidRun_ThrowsUnavailableAndNeverRestoresAWrongValue()
    {
        await using PrivateRedisServer server = await PrivateRedisServer.StartAsync();
        using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(server.Configuration + ",connectTimeout=500,asyncTimeout=1000,syncTimeout=1000,connectRetry=0");
        var vault = new RedisPseudonymVault(redis, PiiKey.CreateRandom());
        string scope = NewScope();
        Assert.Equal("<PERSON_1>", await vault.GetOrAddPseudonymAsync(scope, "PERSON", Canary));

        await server.DisposeAsync(); // the server is killed between two turns
        RedisStoreException add = await Assert.ThrowsAsync<RedisStoreException>(() => vault.GetOrAddPseudonymAsync(scope, "PERSON", "Alice").AsTask());
        RedisStoreException get = await Assert.ThrowsAsync<RedisStoreException>(() => vault.GetValueAsync(scope, "<PERSON_1>").AsTask());

        Assert.Equal(RedisStoreFailure.Unavailable, add.Failure);
        Assert.Equal(RedisStoreFailure.Unavailable, get.Failure);
        Assert.DoesNotContain("Zebulon", add.ToString() + get.ToString(), StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task Vault_WrongPassword_ThrowsTypedWithoutThePasswordOrPersonalData()
    {
        await using PrivateRedisServer server = await PrivateRedisServer.StartAsync("--requirepass", "Right-Secret-5521");
        using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(server.Configuration + ",password=Wrong-Secret-Canary-7781,abortConnect=false,connectTimeout=500,asyncTimeout=1000,syncTimeout=1000,connectRetry=0");
        var vault = new RedisPseudonymVault(redis, PiiKey.CreateRandom());

        RedisStoreException ex = await Assert.ThrowsAsync<RedisStoreException>(() => vault.GetOrAddPseudonymAsync("s-" + Canary, "PERSON", Canary).AsTask());

        Assert.Equal(RedisStoreFailure.Unavailable, ex.Failure);
        Assert.DoesNotContain("Wrong-Secret-Canary", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zebulon", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NonPositiveExpiry_Throws()
    {
        using ConnectionMultiplexer redis = ConnectionMultiplexer.Connect("127.0.0.1:1,abortConnect=false,connectTimeout=100");
        Assert.Throws<ArgumentOutOfRangeException>(() => new RedisPseudonymVault(redis, PiiKey.CreateRandom(), TimeSpan.Zero));
        Assert.Throws<ArgumentNullException>(() => new RedisPseudonymVault(redis, null!));
    }

    [RedisTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RedactionStage_SeveralValuesInOneText_IssuesThemInOneScriptAndRestoresInOneScript(bool streaming)
    {
        const string Prompt = "Alice wrote to Bob; Alice copied alice@example.org and Carol.";
        const string Answer = "<PERSON_1> answers <PERSON_2> and <PERSON_3> at <EMAIL_ADDRESS_1>; <PERSON_9> is not theirs.";
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        var vault = new RedisPseudonymVault(redis, PiiKey.CreateRandom());
        TestChatClient inner = TestChatClient.Answering(Answer, chunkSize: Answer.Length);
        using var client = new PiiRedactionChatClient(inner, new ListedValues(("Alice", "PERSON"), ("Bob", "PERSON"), ("Carol", "PERSON"), ("alice@example.org", "EMAIL_ADDRESS")), vault: vault);
        var options = new ChatOptions { ConversationId = NewScope() };
        await vault.GetOrAddPseudonymAsync("warm-up-" + NewScope(), "PERSON", "x"); // the one-time eviction-policy check

        long before = await ScriptCallsAsync(redis);
        string text = streaming
            ? (await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, Prompt)], options).ToChatResponseAsync()).Text
            : (await client.GetResponseAsync([new ChatMessage(ChatRole.User, Prompt)], options)).Text;
        long scripts = await ScriptCallsAsync(redis) - before;

        Assert.Equal("<PERSON_1> wrote to <PERSON_2>; <PERSON_1> copied <EMAIL_ADDRESS_1> and <PERSON_3>.", inner.Calls.Single().Messages.Single().Text);
        Assert.Equal("Alice answers Bob and Carol at alice@example.org; <PERSON_9> is not theirs.", text);
        Assert.Equal(2, scripts);
    }

    [RedisTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RedactionStage_BatchedRedisVault_NumbersAndRestoresExactlyAsTheInMemoryVault(bool streaming)
    {
        // Two turns of one conversation with repeated values, types in any order and a value seen in both turns; the
        // second turn's answer cites placeholders of both turns, some split across stream chunks.
        string[] prompts =
        [
            "Dr Ng saw Ana Lima (ana@example.org, +1 415 555 0101) and Ana Lima's brother Rui Lima; Dr Ng signs.",
            "Rui Lima called from +1 415 555 0199 about Ana Lima; new contact rui@example.org, and Dr Ng again.",
        ];
        const string Answer = "<PERSON_3> and <PERSON_2> reached <PHONE_NUMBER_2> and <EMAIL_ADDRESS_2>; <PERSON_1> wrote <EMAIL_ADDRESS_1>.";
        var detector = new ListedValues(("Dr Ng", "PERSON"), ("Ana Lima", "PERSON"), ("Rui Lima", "PERSON"), ("ana@example.org", "EMAIL_ADDRESS"), ("rui@example.org", "EMAIL_ADDRESS"), ("+1 415 555 0101", "PHONE_NUMBER"), ("+1 415 555 0199", "PHONE_NUMBER"));
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();

        async Task<(List<string> Sent, string Restored)> RunAsync(IPseudonymVault vault)
        {
            TestChatClient inner = TestChatClient.Answering(Answer, chunkSize: 7);
            using var client = new PiiRedactionChatClient(inner, detector, vault: vault);
            var options = new ChatOptions { ConversationId = NewScope() };
            string restored = string.Empty;
            foreach (string prompt in prompts)
            {
                restored = streaming
                    ? (await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, prompt)], options).ToChatResponseAsync()).Text
                    : (await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], options)).Text;
            }

            return ([.. inner.Calls.Select(c => c.Messages.Single().Text)], restored);
        }

        (List<string> redisSent, string redisRestored) = await RunAsync(new RedisPseudonymVault(redis, PiiKey.CreateRandom()));
        (List<string> memorySent, string memoryRestored) = await RunAsync(new InMemoryPseudonymVault());

        Assert.Equal(memorySent, redisSent);
        Assert.Equal(memoryRestored, redisRestored);
        Assert.Equal("Rui Lima and Ana Lima reached +1 415 555 0199 and rui@example.org; Dr Ng wrote ana@example.org.", redisRestored);
    }

    private static async Task<long> ScriptCallsAsync(ConnectionMultiplexer redis)
    {
        string info = (string)(await redis.GetServers()[0].ExecuteAsync("INFO", "commandstats"))!;
        return Regex.Matches(info, @"^cmdstat_(?:eval|evalsha):calls=(\d+)", RegexOptions.Multiline)
            .Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static string NewScope() => "test-" + Guid.NewGuid().ToString("N");

    /// <summary>Finds every occurrence of the listed values.</summary>
    private sealed class ListedValues(params (string Value, string Type)[] values) : IPiiDetector
    {
        public IReadOnlyList<PiiEntity> Detect(string text, CancellationToken cancellationToken = default)
        {
            var found = new List<PiiEntity>();
            foreach ((string value, string type) in values)
            {
                for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
                {
                    found.Add(new PiiEntity(type, i, i + value.Length, 0.9));
                }
            }

            return [.. found.OrderBy(e => e.Start)];
        }
    }
}
