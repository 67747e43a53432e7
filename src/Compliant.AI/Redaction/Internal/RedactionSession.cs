using System.Diagnostics;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Redaction.Internal;

/// <summary>The state of one request through the redaction stage: its vault scope, counts and span.</summary>
internal sealed class RedactionSession(IPseudonymVault vault, string scope, bool conversationScoped) : IDisposable
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public IPseudonymVault Vault { get; } = vault;

    public string Scope { get; } = scope;

    public bool ConversationScoped { get; } = conversationScoped;

    public Activity? Activity { get; init; }

    public IReadOnlyDictionary<string, int> Counts => _counts;

    public int Total { get; private set; }

    public int Restored { get; set; }

    public void Count(string entityType)
    {
        _counts[entityType] = _counts.TryGetValue(entityType, out int n) ? n + 1 : 1;
        Total++;
    }

    public ValueTask<string?> LookupAsync(string placeholder, CancellationToken cancellationToken) =>
        Vault.GetValueAsync(Scope, placeholder, cancellationToken);

    public void Dispose()
    {
        if (Activity is { } activity)
        {
            activity.SetTag(CompliantTelemetry.Redaction.RestoredCountTag, Restored);
            activity.Dispose();
        }
    }

    public static bool IsJson(ChatOptions? options) => options?.ResponseFormat is ChatResponseFormatJson;
}
