using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Compliant.AI.Auditing.Internal;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliant.AI;

/// <summary>A delegating chat client that writes exactly one tamper-evident <see cref="AuditRecord"/> per interaction.</summary>
/// <remarks>
/// <para>
/// Place it outermost, so it sees the caller's request and the final outcome, including refusals by inner stages,
/// failures, cancellations and a streaming consumer that stops early. Inner stages add verdicts, counters and sources
/// through <see cref="AuditScope.Current"/>, which this stage sets for everything it calls, on every step of a stream.
/// </para>
/// <para>
/// The record holds no message text by default: roles, lengths and keyed HMAC-SHA256 digests only (see
/// <see cref="AuditingOptions.ContentCapture"/>). Exception messages are never recorded, only exception types.
/// </para>
/// <para>
/// Under <see cref="AuditFailurePolicy.FailClosed"/> (the default) a record that cannot be made durable turns the call
/// into an <see cref="AuditWriteException"/>; for streaming see <see cref="AuditingOptions.HoldStreamingUntilDurable"/>.
/// </para>
/// <para>The client is thread-safe.</para>
/// </remarks>
public sealed class AuditingChatClient : DelegatingChatClient
{
    /// <summary>The <c>AdditionalProperties</c> key under which the response (and every streamed update) carries the audit record id.</summary>
    public const string RecordIdPropertyName = "compliant_ai.audit_record_id";

    private const string StageName = "audit";
    private const string AbandonedInnerCounter = "audit.inner_call_abandoned";
    private const string AbandonedStreamCounter = "audit.stream_abandoned";

    private readonly IAuditSink _sink;
    private readonly AuditingOptions _options;
    private readonly AuditMessageSummarizer _summarizer;
    private readonly ICallerContextAccessor? _callerAccessor;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ChatClientMetadata? _metadata;

    /// <summary>Initializes a new instance of the <see cref="AuditingChatClient"/> class.</summary>
    /// <param name="innerClient">The client to audit.</param>
    /// <param name="sink">Where completed records go.</param>
    /// <param name="key">The key for message digests.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults; copied and validated.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    /// <param name="callerAccessor">The ambient caller accessor, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public AuditingChatClient(
        IChatClient innerClient,
        IAuditSink sink,
        AuditKey key,
        AuditingOptions? options = null,
        ICallerContextAccessor? callerAccessor = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
        : base(innerClient)
    {
        _sink = Throw.IfNull(sink);
        _options = StageOptions.Freeze(options, static o => o.Clone(), AuditingOptionsValidation.Instance);
        _summarizer = new AuditMessageSummarizer(Throw.IfNull(key), _options.ContentCapture);
        _callerAccessor = callerAccessor;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _metadata = innerClient.GetService<ChatClientMetadata>();
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        List<ChatMessage> request = messages as List<ChatMessage> ?? [.. messages];
        Interaction interaction = Begin(request, options, AuditOperations.Chat);
        AuditScope? previous = AuditScope.Current;
        AuditScope.Current = interaction.Scope;
        ChatResponse response;
        Task<ChatResponse>? call = null;
        try
        {
            call = base.GetResponseAsync(request, options, cancellationToken);
            response = await Abandonment.WaitAsync(call, StageName, whenAbandonedEnds: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            AuditScope.Current = previous;
            if (call is { IsCompleted: false })
            {
                interaction.InnerAbandoned();
            }

            interaction.Fail(ex, cancellationToken);
            await CompleteAsync(interaction).ConfigureAwait(false);
            throw;
        }

        AuditScope.Current = previous;
        interaction.Succeed(_summarizer.Summarize(response.Messages), response.Usage, response.ModelId, response.ConversationId);
        await CompleteAsync(interaction).ConfigureAwait(false);
        (response.AdditionalProperties ??= [])[RecordIdPropertyName] = interaction.Scope.Record.RecordId;
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        List<ChatMessage> request = messages as List<ChatMessage> ?? [.. messages];
        Interaction interaction = Begin(request, options, AuditOperations.StreamingChat);
        using AuditMessageSummarizer.StreamingSummary summary = _summarizer.StartStreaming();
        List<ChatResponseUpdate>? held = _options.HoldStreamingUntilDurable ? [] : null;
        UsageDetails? usage = null;
        string? modelId = null;
        string? conversationId = null;
        bool finished = false;

        // The audit scope must be current on every step, because each MoveNextAsync runs on the consumer's context.
        AuditScope.Current = interaction.Scope;
        CancellableEnumerator<ChatResponseUpdate> enumerator;
        try
        {
            enumerator = new CancellableEnumerator<ChatResponseUpdate>(
                base.GetStreamingResponseAsync(request, options, cancellationToken).GetAsyncEnumerator(cancellationToken), StageName, cancellationToken);
        }
        catch (Exception ex)
        {
            interaction.Fail(ex, cancellationToken);
            await CompleteAsync(interaction).ConfigureAwait(false);
            throw;
        }

        // A consumer that takes an update and then drops the enumerator without disposing it would leave no record:
        // the watchdog completes the interaction when the stream sits at a yield for AbandonedStreamTimeout.
        StreamWatchdog? watchdog = held is null && _options.AbandonedStreamTimeout != Timeout.InfiniteTimeSpan
            ? new StreamWatchdog(_timeProvider, _options.AbandonedStreamTimeout, () => ExpireAsync(interaction, enumerator))
            : null;
        try
        {
            while (true)
            {
                AuditScope.Current = interaction.Scope;
                ChatResponseUpdate update;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = enumerator.Current;
                }
                catch (Exception ex)
                {
                    interaction.Fail(ex, cancellationToken);
                    throw;
                }

                summary.Add(update);
                modelId ??= update.ModelId;
                conversationId ??= update.ConversationId;
                foreach (AIContent content in update.Contents)
                {
                    if (content is UsageContent u)
                    {
                        usage ??= new UsageDetails();
                        usage.Add(u.Details);
                    }
                }

                (update.AdditionalProperties ??= [])[RecordIdPropertyName] = interaction.Scope.Record.RecordId;

                if (held is not null)
                {
                    held.Add(update);
                }
                else
                {
                    watchdog?.Suspending();
                    yield return update;
                    if (watchdog is not null && !watchdog.TryResume())
                    {
                        await watchdog.Expiry.ConfigureAwait(false);
                        throw (Exception?)(interaction.ExpiryWriteError as AuditWriteException) ?? new TimeoutException(
                            "The stream was not read for longer than AuditingOptions.AbandonedStreamTimeout; the interaction was recorded as abandoned and the stream was closed.");
                    }
                }
            }

            finished = true;
            interaction.Succeed(summary.Complete(), usage, modelId, conversationId);
        }
        finally
        {
            // After an expiry the watchdog owns the interaction (it disposed the inner stream and wrote the record).
            if (watchdog is null || watchdog.TryResume())
            {
                if (!finished && !interaction.HasOutcome)
                {
                    // The consumer stopped enumerating before the end (break, dispose, or an exception in its loop body).
                    interaction.Abandon();
                }

                AuditScope.Current = null;
                await enumerator.DisposeAsync().ConfigureAwait(false);
                if (enumerator.IsAbandoned)
                {
                    interaction.InnerAbandoned();
                }

                if (watchdog is not null)
                {
                    await watchdog.DisposeAsync().ConfigureAwait(false);
                }

                await CompleteAsync(interaction).ConfigureAwait(false);
            }
            else
            {
                AuditScope.Current = null;
            }
        }

        if (held is not null)
        {
            foreach (ChatResponseUpdate update in held)
            {
                yield return update;
            }
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        Throw.IfNull(serviceType);
        return serviceKey is null && serviceType == typeof(IAuditSink) ? _sink : base.GetService(serviceType, serviceKey);
    }

    private Interaction Begin(List<ChatMessage> request, ChatOptions? options, string operation)
    {
        CallerContext caller = options.GetCaller(_callerAccessor);
        DateTimeOffset now = _timeProvider.GetUtcNow();
        var record = new AuditRecord
        {
            RecordId = Guid.CreateVersion7(now).ToString(),
            Timestamp = now,
            ConversationId = options?.ConversationId,
            CorrelationId = Activity.Current?.TraceId.ToString(),
            Caller = AuditCaller.From(caller),
            Operation = operation,
            Provider = _metadata?.ProviderName,
            Model = options?.ModelId ?? _metadata?.DefaultModelId,
            Request = _summarizer.Summarize(request),
        };

        Activity? activity = CompliantTelemetry.ActivitySource.StartActivity(CompliantTelemetry.Spans.Audit, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(CompliantTelemetry.Tags.AuditRecordId, record.RecordId);
            activity.SetTag(CompliantTelemetry.Tags.Operation, operation);
        }

        return new Interaction(new AuditScope(record), activity, _timeProvider.GetTimestamp());
    }

    /// <summary>Completes a stream whose consumer went away at a yield: records it as abandoned, closes the inner stream, writes the record.</summary>
    /// <remarks>Runs on the watchdog's timer; never throws (a failed write is logged by <see cref="CompleteAsync"/> and kept for a returning consumer).</remarks>
    private async Task ExpireAsync(Interaction interaction, CancellableEnumerator<ChatResponseUpdate> enumerator)
    {
        try
        {
            interaction.Expire();
            AuditingLog.StreamAbandoned(_logger, interaction.Scope.Record.RecordId, _options.AbandonedStreamTimeout.TotalMilliseconds);
            try
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // the consumer is gone; a failure to close the provider's stream must not lose the record
            catch
            {
            }

            await CompleteAsync(interaction).ConfigureAwait(false);
        }
        catch (Exception ex)
#pragma warning restore CA1031
        {
            interaction.ExpiryWriteError = ex;
        }
    }

    /// <summary>Returns whether some stage's last verdict is <see cref="AuditDecision.Deny"/>, tool-policy verdicts aside.</summary>
    /// <remarks>
    /// A tool-policy verdict describes one proposed call, not the request: a denied call (by policy, an approver, or expiry)
    /// is answered with the denial and the conversation goes on, so the interaction that completed is not Blocked, whatever the
    /// order of its calls' verdicts. When the policy ends the request itself (<see cref="ToolPolicyOptions.ThrowOnDenial"/>),
    /// <see cref="ToolCallDeniedException"/> makes it Blocked as every typed refusal does.
    /// </remarks>
    internal static bool EndsInDenial(List<AuditVerdict> verdicts)
    {
        for (int i = verdicts.Count - 1; i >= 0; i--)
        {
            if (verdicts[i].Decision != AuditDecision.Deny || string.Equals(verdicts[i].Stage, ToolPolicyReasons.StageName, StringComparison.Ordinal))
            {
                continue;
            }

            bool overruled = false;
            for (int j = i + 1; j < verdicts.Count && !overruled; j++)
            {
                overruled = string.Equals(verdicts[j].Stage, verdicts[i].Stage, StringComparison.Ordinal);
            }

            if (!overruled)
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask CompleteAsync(Interaction interaction)
    {
        AuditRecord record = interaction.Scope.Record;
        interaction.Scope.Update(r =>
        {
            r.LatencyMs = _timeProvider.GetElapsedTime(interaction.StartTimestamp).TotalMilliseconds;
            // A response that a stage replaced with a refusal ends Succeeded with a Deny verdict: the interaction was blocked.
            // Each stage's last verdict is its final word: a re-ask that produced valid JSON (Deny, then Allow) did not block.
            // Tool-policy verdicts are per call: a denied call answered with its denial did not block the request.
            // A failure is Blocked only when it is a typed refusal (Fail); a provider timeout or an open circuit stays Failed
            // even though the resilience stage records a Deny verdict for it.
            if (r.Outcome is AuditOutcome.Succeeded && EndsInDenial(r.Verdicts))
            {
                r.Outcome = AuditOutcome.Blocked;
            }
        });

        Activity? activity = interaction.Activity;
        if (activity is not null)
        {
            activity.SetTag(CompliantTelemetry.Tags.Outcome, record.Outcome.ToString());
            if (record.ErrorType is not null)
            {
                activity.SetTag(CompliantTelemetry.Tags.ErrorType, record.ErrorType);
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }

        CompliantTelemetry.Auditing.RecordInteraction(record);

        // An abandoned inner call still runs and may still add to the scope: write a copy taken under the scope's lock.
        AuditRecord toWrite = interaction.InnerMayStillRun ? Snapshot(interaction.Scope) : record;
        try
        {
            ValueTask write = _sink.WriteAsync(toWrite, CancellationToken.None);
            if (!write.IsCompletedSuccessfully)
            {
                // Only a write that is still pending pays for the timeout timer. On timeout the sink may still make the
                // record durable later; the caller has been told it failed, so nothing unaudited is acknowledged.
                await write.AsTask().WaitAsync(_options.WriteTimeout, _timeProvider).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            CompliantTelemetry.Auditing.RecordDropped(record, ex);
            activity?.SetTag(CompliantTelemetry.Tags.ErrorType, typeof(AuditWriteException).FullName);
            activity?.Dispose();
            if (_options.FailurePolicy == AuditFailurePolicy.FailOpen)
            {
                AuditingLog.AuditRecordDropped(_logger, record.RecordId, ex.GetType().FullName ?? ex.GetType().Name);
                return;
            }

            AuditingLog.AuditWriteFailed(_logger, record.RecordId, ex.GetType().FullName ?? ex.GetType().Name);
            throw ex as AuditWriteException
                ?? new AuditWriteException($"The audit record {record.RecordId} could not be written; the interaction was not acknowledged.", ex);
        }

        activity?.Dispose();
        AuditingLog.AuditRecordWritten(_logger, record.RecordId, record.Outcome);
    }

    private static AuditRecord Snapshot(AuditScope scope)
    {
        byte[]? json = null;
        scope.Update(r => json = JsonSerializer.SerializeToUtf8Bytes(r, AuditJsonContext.Default.AuditRecord));
        return JsonSerializer.Deserialize(json, AuditJsonContext.Default.AuditRecord)!;
    }

    /// <summary>The state of one interaction between <see cref="Begin"/> and <see cref="CompleteAsync"/>.</summary>
    private sealed class Interaction(AuditScope scope, Activity? activity, long startTimestamp)
    {
        public AuditScope Scope { get; } = scope;

        public Activity? Activity { get; } = activity;

        public long StartTimestamp { get; } = startTimestamp;

        public bool HasOutcome { get; private set; }

        /// <summary>Gets a value indicating whether the inner call was abandoned while running (it ignored cancellation).</summary>
        public bool InnerMayStillRun { get; private set; }

        /// <summary>Gets or sets the failure of the record write done by an expiry, for a consumer that comes back.</summary>
        public Exception? ExpiryWriteError { get; set; }

        public void InnerAbandoned()
        {
            InnerMayStillRun = true;
            Scope.Increment(AbandonedInnerCounter);
        }

        public void Expire()
        {
            HasOutcome = true;
            Scope.Update(r =>
            {
                r.Outcome = AuditOutcome.Cancelled;
                r.Counters[AbandonedStreamCounter] = 1;
            });
        }

        public void Succeed(List<AuditMessageSummary> response, UsageDetails? usage, string? modelId, string? conversationId)
        {
            HasOutcome = true;
            Scope.Update(r =>
            {
                r.Response = response;
                r.Outcome = AuditOutcome.Succeeded;
                r.Model = modelId ?? r.Model;
                r.ConversationId ??= conversationId;
                r.InputTokens ??= usage?.InputTokenCount;
                r.OutputTokens ??= usage?.OutputTokenCount;
            });
        }

        public void Fail(Exception exception, CancellationToken cancellationToken)
        {
            HasOutcome = true;
            bool cancelled = exception is OperationCanceledException && cancellationToken.IsCancellationRequested;
            Scope.Update(r =>
            {
                r.Outcome = cancelled ? AuditOutcome.Cancelled : exception is ComplianceRejectedException ? AuditOutcome.Blocked : AuditOutcome.Failed;
                r.ErrorType = exception.GetType().FullName;
            });
        }

        public void Abandon()
        {
            HasOutcome = true;
            Scope.Update(r => r.Outcome = AuditOutcome.Cancelled);
        }
    }
}
