using System.Diagnostics;
using System.Runtime.CompilerServices;
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
/// <see cref="AuditOptions.ContentCapture"/>). Exception messages are never recorded, only exception types.
/// </para>
/// <para>
/// Under <see cref="AuditFailurePolicy.FailClosed"/> (the default) a record that cannot be made durable turns the call
/// into an <see cref="AuditWriteException"/>; for streaming see <see cref="AuditOptions.HoldStreamingUntilDurable"/>.
/// </para>
/// <para>The client is thread-safe.</para>
/// </remarks>
public sealed class AuditingChatClient : DelegatingChatClient
{
    private readonly IAuditSink _sink;
    private readonly AuditOptions _options;
    private readonly AuditMessageSummarizer _summarizer;
    private readonly ICallerContextAccessor? _callerAccessor;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ChatClientMetadata? _metadata;

    /// <summary>Initializes a new instance of the <see cref="AuditingChatClient"/> class.</summary>
    /// <param name="innerClient">The client to audit.</param>
    /// <param name="sink">Where completed records go.</param>
    /// <param name="key">The key for message digests.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="callerAccessor">The ambient caller accessor, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public AuditingChatClient(
        IChatClient innerClient,
        IAuditSink sink,
        AuditKey key,
        AuditOptions? options = null,
        ICallerContextAccessor? callerAccessor = null,
        TimeProvider? timeProvider = null,
        ILogger<AuditingChatClient>? logger = null)
        : base(innerClient)
    {
        _sink = Throw.IfNull(sink);
        _options = options ?? new AuditOptions();
        _summarizer = new AuditMessageSummarizer(Throw.IfNull(key), _options.ContentCapture);
        _callerAccessor = callerAccessor;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
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
        try
        {
            response = await base.GetResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            AuditScope.Current = previous;
            interaction.Fail(ex, cancellationToken);
            await CompleteAsync(interaction).ConfigureAwait(false);
            throw;
        }

        AuditScope.Current = previous;
        interaction.Succeed(_summarizer.Summarize(response.Messages), response.Usage, response.ModelId, response.ConversationId);
        await CompleteAsync(interaction).ConfigureAwait(false);
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
        IAsyncEnumerator<ChatResponseUpdate> enumerator;
        try
        {
            enumerator = base.GetStreamingResponseAsync(request, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception ex)
        {
            interaction.Fail(ex, cancellationToken);
            await CompleteAsync(interaction).ConfigureAwait(false);
            throw;
        }

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

                if (held is not null)
                {
                    held.Add(update);
                }
                else
                {
                    yield return update;
                }
            }

            finished = true;
            interaction.Succeed(summary.Complete(), usage, modelId, conversationId);
        }
        finally
        {
            if (!finished && !interaction.HasOutcome)
            {
                // The consumer stopped enumerating before the end (break, dispose, or an exception in its loop body).
                interaction.Abandon();
            }

            AuditScope.Current = null;
            await enumerator.DisposeAsync().ConfigureAwait(false);
            await CompleteAsync(interaction).ConfigureAwait(false);
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

    private async ValueTask CompleteAsync(Interaction interaction)
    {
        AuditRecord record = interaction.Scope.Record;
        interaction.Scope.Update(r =>
        {
            r.LatencyMs = _timeProvider.GetElapsedTime(interaction.StartTimestamp).TotalMilliseconds;
            if (r.Outcome is AuditOutcome.Succeeded or AuditOutcome.Failed && r.Verdicts.Exists(v => v.Decision == AuditDecision.Deny))
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

        CompliantTelemetry.AuditStage.RecordInteraction(record);

        try
        {
            using var timeout = new CancellationTokenSource(_options.WriteTimeout, _timeProvider);
            await _sink.WriteAsync(record, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CompliantTelemetry.AuditStage.RecordDropped(record, ex);
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

    /// <summary>The state of one interaction between <see cref="Begin"/> and <see cref="CompleteAsync"/>.</summary>
    private sealed class Interaction(AuditScope scope, Activity? activity, long startTimestamp)
    {
        public AuditScope Scope { get; } = scope;

        public Activity? Activity { get; } = activity;

        public long StartTimestamp { get; } = startTimestamp;

        public bool HasOutcome { get; private set; }

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
                r.Outcome = cancelled ? AuditOutcome.Cancelled : AuditOutcome.Failed;
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
