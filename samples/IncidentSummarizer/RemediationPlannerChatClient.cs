using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace IncidentSummarizer;

/// <summary>
/// The embedded offline planner: proposes remediation tool calls from the incident digest the app sends (JSON with
/// the suspected root cause and the symptom). A deploy as root cause → roll it back; anything else → restart the
/// failing service; always page the failing service's on-call. Once the tool results (or rejections) come back it
/// reports them. A real LLM gets the same digest and tools and decides for itself; approval applies either way.
/// </summary>
public sealed class RemediationPlannerChatClient : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = messages.ToList();
        FunctionResultContent[] results = list.SkipWhile(m => m.Role != ChatRole.Assistant).SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToArray();
        if (results.Length > 0)
        {
            string text = string.Join("\n", results.Select(r => $"{r.CallId}: {r.Result}"));
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { ModelId = "remediation-planner-v1" });
        }

        var calls = new List<AIContent>();
        string? digest = list.LastOrDefault(m => m.Role == ChatRole.User)?.Text;
        HashSet<string> offered = (options?.Tools ?? []).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (digest is not null && TryRead(digest, out IncidentDigest? d))
        {
            if (d.RootCause is { Kind: "deploy" } deploy)
            {
                Add(RemediationTools.RollbackDeployName, new() { ["service"] = deploy.Source, ["deployEventId"] = deploy.EventId });
            }
            else if (d.Symptom is { } failing)
            {
                Add(RemediationTools.RestartServiceName, new() { ["service"] = failing.Source });
            }

            if (d.Symptom is { } symptom)
            {
                Add(RemediationTools.PageOnCallName, new() { ["service"] = symptom.Source, ["severity"] = "high" });
            }
        }

        ChatMessage message = calls.Count > 0
            ? new ChatMessage(ChatRole.Assistant, calls)
            : new ChatMessage(ChatRole.Assistant, "No remediation action to propose.");
        return Task.FromResult(new ChatResponse(message) { ModelId = "remediation-planner-v1" });

        void Add(string tool, Dictionary<string, object?> arguments)
        {
            if (offered.Contains(tool))
            {
                calls.Add(new FunctionCallContent($"call-{calls.Count + 1}", tool, arguments));
            }
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static bool TryRead(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IncidentDigest? digest)
    {
        int start = text.IndexOf('{', StringComparison.Ordinal);
        digest = null;
        if (start < 0)
        {
            return false;
        }

        try
        {
            digest = JsonSerializer.Deserialize<IncidentDigest>(text[start..], IncidentJson.Options);
            return digest is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
