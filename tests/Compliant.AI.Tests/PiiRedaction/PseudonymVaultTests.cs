using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Tests.PiiRedaction;

public class InMemoryPseudonymVaultTests
{
    [Fact]
    public async Task GetOrAdd_SameValueSamePlaceholder_DistinctValuesDistinct_PerScope()
    {
        var vault = new InMemoryPseudonymVault();

        Assert.Equal("<PERSON_1>", await vault.GetOrAddPseudonymAsync("a", "PERSON", "Maria"));
        Assert.Equal("<PERSON_2>", await vault.GetOrAddPseudonymAsync("a", "PERSON", "John"));
        Assert.Equal("<PERSON_1>", await vault.GetOrAddPseudonymAsync("a", "PERSON", "Maria"));
        Assert.Equal("<LOCATION_1>", await vault.GetOrAddPseudonymAsync("a", "LOCATION", "Maria"));
        Assert.Equal("<PERSON_1>", await vault.GetOrAddPseudonymAsync("b", "PERSON", "John"));

        Assert.Equal("Maria", await vault.GetValueAsync("a", "<PERSON_1>"));
        Assert.Equal("John", await vault.GetValueAsync("b", "<PERSON_1>"));
        Assert.Null(await vault.GetValueAsync("c", "<PERSON_1>"));
        Assert.Null(await vault.GetValueAsync("a", "<PERSON_3>"));
    }

    [Fact]
    public async Task GetValue_AfterExpiry_IsForgotten()
    {
        var time = new FakeTimeProvider();
        var vault = new InMemoryPseudonymVault(time, TimeSpan.FromMinutes(10));
        await vault.GetOrAddPseudonymAsync("a", "PERSON", "Maria");

        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("Maria", await vault.GetValueAsync("a", "<PERSON_1>")); // use slides the expiry
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("Maria", await vault.GetValueAsync("a", "<PERSON_1>"));
        time.Advance(TimeSpan.FromMinutes(11));
        Assert.Null(await vault.GetValueAsync("a", "<PERSON_1>"));
        Assert.Equal("<PERSON_1>", await vault.GetOrAddPseudonymAsync("a", "PERSON", "John"));
    }

    [Fact]
    public async Task GetOrAdd_BeyondMaxScopes_DropsLeastRecentlyUsed()
    {
        var time = new FakeTimeProvider();
        var vault = new InMemoryPseudonymVault(time, maxScopes: 10);
        for (int i = 0; i < 50; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await vault.GetOrAddPseudonymAsync($"s{i}", "PERSON", "v");
        }

        Assert.InRange(vault.ScopeCount, 1, 10);
        Assert.Equal("v", await vault.GetValueAsync("s49", "<PERSON_1>"));
        Assert.Null(await vault.GetValueAsync("s0", "<PERSON_1>"));
    }

    [Fact]
    public async Task GetOrAdd_BeyondMaxEntries_ThrowsWithoutTheValue()
    {
        var vault = new InMemoryPseudonymVault(maxEntriesPerScope: 2);
        await vault.GetOrAddPseudonymAsync("a", "PERSON", "one");
        await vault.GetOrAddPseudonymAsync("a", "PERSON", "two");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await vault.GetOrAddPseudonymAsync("a", "PERSON", "secret-three"));
        Assert.DoesNotContain("secret", ex.Message);
    }

    [Fact]
    public async Task GetOrAdd_ConcurrentSameScope_EachValueGetsExactlyOnePlaceholder()
    {
        var vault = new InMemoryPseudonymVault();
        string[][] results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new string[200];
            for (int i = 0; i < 200; i++)
            {
                mine[i] = await vault.GetOrAddPseudonymAsync("shared", "PERSON", $"name-{i}");
            }

            return mine;
        })));

        Assert.All(results, r => Assert.Equal(results[0], r));
        Assert.Equal(200, results[0].Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 200).Select(i => $"<PERSON_{i}>").Order(), results[0].Order());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Middleware_MoreConversationsInFlightThanMaxScopes_NoScopeEvictedWhileInUse(bool streaming)
    {
        // 32 conversations in flight at once with VaultMaxScopes = 20: on main, scopes were evicted between redaction and
        // restoration and answers kept literal placeholders (issue 10, row 14).
        const int conversations = 32;
        var allIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int arrived = 0;
        async Task Arrive()
        {
            if (Interlocked.Increment(ref arrived) == conversations)
            {
                allIn.SetResult();
            }

            await allIn.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }

        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = async (m, _, _) =>
            {
                string text = RedactionTestHelpers.LastUser(m);
                await Arrive();
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, text));
            },
            GetStreamingResponseAsyncCallback = (m, _, ct) => Stream(RedactionTestHelpers.LastUser(m), ct),
        };

        async IAsyncEnumerable<ChatResponseUpdate> Stream(string text, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await Arrive();
            await foreach (ChatResponseUpdate u in TestChatClient.StreamText(text, 3, ct))
            {
                yield return u;
            }
        }

        var vault = new InMemoryPseudonymVault(maxScopes: 20);
        IChatClient client = new PiiRedactionChatClient(inner, new TestPiiDetector(), vault: vault);

        string[] answers = await Task.WhenAll(Enumerable.Range(0, conversations).Select(i => Task.Run(async () =>
            (await client.GetResponseAsync(streaming, $"mail user{i}@example.com", new ChatOptions { ConversationId = $"conv-{i}" })).Text)));

        for (int i = 0; i < conversations; i++)
        {
            Assert.Equal($"mail user{i}@example.com", answers[i]);
        }

        // Once the requests ended, the bound applies again.
        await vault.GetOrAddPseudonymAsync("late", "PERSON", "x");
        Assert.InRange(vault.ScopeCount, 1, 20);
    }

    [Fact]
    public async Task Remove_ForgetsScope()
    {
        var vault = new InMemoryPseudonymVault();
        await vault.GetOrAddPseudonymAsync("a", "PERSON", "Maria");

        Assert.True(vault.Remove("a"));
        Assert.Null(await vault.GetValueAsync("a", "<PERSON_1>"));
    }
}
