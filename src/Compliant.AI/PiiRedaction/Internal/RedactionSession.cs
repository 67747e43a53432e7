using System.Diagnostics;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;

namespace Compliant.AI.PiiRedaction.Internal;

/// <summary>The state of one request through the redaction stage: its vault scope, counts and span.</summary>
internal sealed class RedactionSession(IPseudonymVault vault, string scope, bool conversationScoped) : IDisposable
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private Dictionary<string, string?>? _prefetched;

    public IPseudonymVault Vault { get; } = vault;

    public string Scope { get; } = scope;

    public bool ConversationScoped { get; } = conversationScoped;

    public Activity? Activity { get; init; }

    /// <summary>Gets the lease that keeps the scope from being evicted while the request runs.</summary>
    public IDisposable? Lease { get; init; }

    public IReadOnlyDictionary<string, int> Counts => _counts;

    public int Total { get; private set; }

    public int Restored { get; set; }

    /// <summary>Gets or sets how many placeholder-like literals of the input were renumbered.</summary>
    public int Escaped { get; set; }

    /// <summary>Gets or sets how many additional properties were dropped (the caller, values of unknown types).</summary>
    public int DroppedProperties { get; set; }

    public void Count(string entityType)
    {
        _counts[entityType] = _counts.TryGetValue(entityType, out int n) ? n + 1 : 1;
        Total++;
    }

    public ValueTask<string?> LookupAsync(string placeholder, CancellationToken cancellationToken) =>
        _prefetched is not null && _prefetched.TryGetValue(placeholder, out string? value)
            ? new(value)
            : Vault.GetValueAsync(Scope, placeholder, cancellationToken);

    /// <summary>
    /// Looks up every complete placeholder of <paramref name="text"/> in one call when the vault can batch
    /// (<see cref="IBatchPseudonymVault"/>), so restoring the text costs one round trip; otherwise does nothing.
    /// </summary>
    public async ValueTask PrefetchAsync(string text, CancellationToken cancellationToken)
    {
        if (Vault is not IBatchPseudonymVault batch)
        {
            return;
        }

        List<string>? wanted = null;
        for (int lt = text.IndexOf('<', StringComparison.Ordinal); lt >= 0; lt = text.IndexOf('<', lt + 1))
        {
            if (PlaceholderSyntax.MatchAt(text, lt, out int length) == PlaceholderSyntax.Match.Full)
            {
                string placeholder = text.Substring(lt, length);
                if (_prefetched?.ContainsKey(placeholder) != true && wanted?.Contains(placeholder) != true)
                {
                    (wanted ??= []).Add(placeholder);
                }
            }
        }

        if (wanted is null)
        {
            return;
        }

        string?[] values = await batch.GetValuesAsync(Scope, wanted, cancellationToken).ConfigureAwait(false);
        _prefetched ??= new(StringComparer.Ordinal);
        for (int i = 0; i < wanted.Count; i++)
        {
            _prefetched[wanted[i]] = values[i];
        }
    }

    public void Dispose()
    {
        Lease?.Dispose();
        if (Activity is { } activity)
        {
            activity.SetTag(CompliantTelemetry.PiiRedaction.RestoredCountTag, Restored);
            activity.Dispose();
        }
    }

    public static bool IsJson(ChatOptions? options) => options?.ResponseFormat is ChatResponseFormatJson;
}
