using System.Diagnostics;
using System.Runtime.CompilerServices;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliant.AI;

/// <summary>A chat client stage that serves versioned, content-hashed prompt templates and records which one shaped each interaction.</summary>
/// <remarks>
/// <para>
/// For each call the stage selects every template of its <see cref="PromptCatalog"/> for the caller (the active version,
/// or the canary candidate for the caller's stable share), puts the <see cref="PromptNames.System"/> text in front of
/// <c>ChatOptions.Instructions</c>, and passes all selections to the inner stages (<see cref="PromptSelection.Find"/>; the
/// grounding stage reads <see cref="PromptNames.Grounding"/>). The caller's options are cloned, never changed.
/// </para>
/// <para>
/// Into the audit record (<see cref="AuditScope.Current"/>): <see cref="AuditRecord.Prompts"/> with each template's
/// name, version, hash and whether it was the candidate; and, on the first audited call after start-up or after the
/// configuration changed (a rollout or a rollback), a <c>prompts</c> verdict with reason <c>configuration_changed</c>
/// whose details describe every template's rollout. Into a <c>compliant_ai.prompts</c> span: versions, hashes, revision.
/// Into the <c>compliant_ai.prompts.selections</c> counter: template, version, candidate. Never template text or caller ids.
/// </para>
/// <para>Streaming and non-streaming calls are treated alike, before the inner client is called. Thread-safe.</para>
/// </remarks>
public sealed class PromptVersionsChatClient : DelegatingChatClient
{
    private readonly PromptCatalog _catalog;
    private readonly ICallerContextAccessor? _callerAccessor;
    private string? _recordedRevision;

    /// <summary>Initializes a new instance of the <see cref="PromptVersionsChatClient"/> class.</summary>
    /// <param name="innerClient">The client the request goes to.</param>
    /// <param name="catalog">The prompt templates.</param>
    /// <param name="callerAccessor">Where the caller is found when the options carry none, or <see langword="null"/>.</param>
    public PromptVersionsChatClient(IChatClient innerClient, PromptCatalog catalog, ICallerContextAccessor? callerAccessor = null)
        : base(innerClient)
    {
        _catalog = Throw.IfNull(catalog);
        _callerAccessor = callerAccessor;
    }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        return InnerClient.GetResponseAsync(messages, Apply(options), cancellationToken);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        ChatOptions? applied = Apply(options);
        await foreach (ChatResponseUpdate update in InnerClient.GetStreamingResponseAsync(messages, applied, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(PromptCatalog) ? _catalog : base.GetService(serviceType, serviceKey);

    private ChatOptions? Apply(ChatOptions? options)
    {
        PromptSelection[] selections = _catalog.SelectAll(options.GetCaller(_callerAccessor));
        if (selections.Length == 0)
        {
            return options;
        }

        ChatOptions clone = options?.Clone() ?? new ChatOptions();
        var properties = new AdditionalPropertiesDictionary();
        if (options?.AdditionalProperties is { } existing)
        {
            foreach (KeyValuePair<string, object?> pair in existing)
            {
                properties[pair.Key] = pair.Value;
            }
        }

        properties[PromptSelection.AdditionalPropertiesKey] = selections;
        clone.AdditionalProperties = properties;
        if (Array.Find(selections, static s => s.Name == PromptNames.System) is { } system)
        {
            clone.Instructions = string.IsNullOrEmpty(options?.Instructions) ? system.Text : system.Text + "\n\n" + options.Instructions;
        }

        Record(selections);
        return clone;
    }

    private void Record(PromptSelection[] selections)
    {
        using Activity? activity = CompliantTelemetry.ActivitySource.StartActivity(CompliantTelemetry.PromptVersions.SpanName);
        string revision = _catalog.Revision;
        if (activity is not null)
        {
            activity.SetTag(CompliantTelemetry.Tags.Stage, CompliantTelemetry.PromptVersions.StageName);
            activity.SetTag(CompliantTelemetry.PromptVersions.Versions, string.Join(",", selections.Select(static s => s.Name + "@" + s.Version)));
            activity.SetTag(CompliantTelemetry.PromptVersions.Hashes, string.Join(",", selections.Select(static s => s.Hash)));
            activity.SetTag(CompliantTelemetry.PromptVersions.Candidate, selections.Any(static s => s.IsCandidate));
            activity.SetTag(CompliantTelemetry.PromptVersions.Revision, revision);
        }

        if (CompliantTelemetry.PromptVersions.Selections.Enabled)
        {
            foreach (PromptSelection selection in selections)
            {
                CompliantTelemetry.PromptVersions.Selections.Add(
                    1,
                    new KeyValuePair<string, object?>(CompliantTelemetry.PromptVersions.Template, selection.Name),
                    new KeyValuePair<string, object?>(CompliantTelemetry.PromptVersions.Version, selection.Version),
                    new KeyValuePair<string, object?>(CompliantTelemetry.PromptVersions.Candidate, selection.IsCandidate));
            }
        }

        if (AuditScope.Current is not { } scope)
        {
            return;
        }

        List<AuditPromptVersion> entries = [.. selections.Select(static s => s.ToAudit())];
        scope.Update(record => record.Prompts = entries);
        if (!string.Equals(Volatile.Read(ref _recordedRevision), revision, StringComparison.Ordinal)
            && !string.Equals(Interlocked.Exchange(ref _recordedRevision, revision), revision, StringComparison.Ordinal))
        {
            // The stage's one decision: it serves a new configuration. The catalog logs the configuration itself (1520).
            StageReporter.Report(
                new StageEvent(CompliantTelemetry.PromptVersions.StageName, AuditDecision.Allow, CompliantTelemetry.PromptVersions.ConfigurationChanged) { Details = _catalog.DescribeRollout() },
                activity,
                NullLogger.Instance);
        }
    }
}
