using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Compliant.AI.Internal;
using Compliant.AI.StructuredOutput.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Telemetry = Compliant.AI.Internal.CompliantTelemetry.StructuredOutput;

namespace Compliant.AI;

/// <summary>
/// A chat client stage that validates answers against the JSON schema the request asked for
/// (<see cref="ChatOptions.ResponseFormat"/> = <see cref="ChatResponseFormatJson"/> with a schema, which is what
/// <c>GetResponseAsync&lt;T&gt;</c> sends), re-asks the model with the precise validation errors, and returns a valid
/// answer or throws <see cref="StructuredOutputValidationException"/>.
/// </summary>
/// <remarks>
/// <para>Requests without a JSON schema pass through untouched.</para>
/// <para>
/// Streaming in <see cref="StructuredOutputMode.Enforce"/> mode buffers each attempt's whole answer, validates it, and
/// only then yields the valid answer's updates: the caller never sees invalid JSON, and sees nothing until the answer
/// is complete. In <see cref="StructuredOutputMode.Observe"/> mode updates pass through as they arrive and the verdict
/// is recorded at the end.
/// </para>
/// <para>
/// Each attempt is recorded in <see cref="AuditScope.Current"/> (counter <c>structured_output.attempts</c>, a verdict
/// with a reason code such as <c>invalid_json</c> or <c>schema_violation</c>) and in metrics. Re-ask messages, the
/// exception, logs and telemetry carry instance paths, keywords and schema constraints, never values from the answer
/// (unless <see cref="StructuredOutputOptions.IncludeInstanceValuesInErrors"/> is set). Thread-safe.
/// </para>
/// </remarks>
public sealed class StructuredOutputChatClient : DelegatingChatClient
{
    private readonly StructuredOutputOptions _options;
    private readonly ValidatorCache _validators;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="StructuredOutputChatClient"/> class.</summary>
    /// <param name="innerClient">The client that produces answers.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <param name="logger">Where to log; <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock for validation durations; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    public StructuredOutputChatClient(IChatClient innerClient, StructuredOutputOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
        : base(innerClient)
    {
        _options = StageOptions.Freeze(options, static o => o.Clone(), StructuredOutputOptionsValidator.Instance);
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _validators = new ValidatorCache(_options.ValidatorCacheSize, new JsonSchemaValidatorOptions
        {
            DefaultDialect = _options.DefaultDialect,
            MaxDepth = _options.MaxDepth,
            MaxInstanceBytes = _options.MaxInstanceBytes,
            MaxErrors = Math.Max(_options.MaxErrorsInReask, 10),
            RegexTimeout = TimeSpan.FromMilliseconds(_options.RegexTimeoutMilliseconds),
            IncludeInstanceValues = _options.IncludeInstanceValuesInErrors,
            MaxWork = _options.MaxWork,
            MaxSchemaBytes = _options.MaxSchemaBytes,
            MaxSchemaDepth = _options.MaxSchemaDepth,
        });
    }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        return options?.ResponseFormat is ChatResponseFormatJson { Schema: JsonElement schema }
            ? GetValidatedResponseAsync(messages, options, schema, cancellationToken)
            : base.GetResponseAsync(messages, options, cancellationToken);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        if (options?.ResponseFormat is not ChatResponseFormatJson { Schema: JsonElement schema })
        {
            return base.GetStreamingResponseAsync(messages, options, cancellationToken);
        }

        return _options.Mode == StructuredOutputMode.Observe
            ? ObserveStreamingAsync(messages, options, schema, cancellationToken)
            : EnforceStreamingAsync(messages, options, schema, cancellationToken);
    }

    private async Task<ChatResponse> GetValidatedResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions options, JsonElement schema, CancellationToken cancellationToken)
    {
        JsonSchemaValidator validator = GetValidator(schema);
        using Activity? activity = StartActivity();
        var session = new ReaskSession(messages, options);
        UsageDetails? usage = null;
        for (int attempt = 1; ; attempt++)
        {
            ChatResponse response = await base.GetResponseAsync(session.Messages, session.Options, cancellationToken).ConfigureAwait(false);
            usage = Accumulate(usage, response.Usage);
            Verdict verdict = Check(validator, response.Text, cancellationToken);
            Record(attempt, verdict, activity);
            if (verdict.Result.IsValid || _options.Mode == StructuredOutputMode.Observe)
            {
                if (!verdict.Result.IsValid)
                {
                    StructuredOutputLog.ObservedInvalid(_logger, verdict.Reason, verdict.Result.Errors.Count);
                }

                if (attempt > 1)
                {
                    response.Usage = usage;
                }

                return verdict.Stripped is null ? response : Rewrite(response, verdict.Stripped);
            }

            if (attempt >= _options.MaxAttempts)
            {
                throw Exhausted(attempt, verdict, activity);
            }

            session.Reask(response, BuildReask(verdict.Result));
        }
    }

    private async IAsyncEnumerable<ChatResponseUpdate> EnforceStreamingAsync(IEnumerable<ChatMessage> messages, ChatOptions options, JsonElement schema, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        JsonSchemaValidator validator = GetValidator(schema);
        using Activity? activity = StartActivity();
        var session = new ReaskSession(messages, options);
        for (int attempt = 1; ; attempt++)
        {
            var updates = new List<ChatResponseUpdate>();
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(session.Messages, session.Options, cancellationToken).ConfigureAwait(false))
            {
                updates.Add(update);
            }

            ChatResponse response = updates.ToChatResponse();
            Verdict verdict = Check(validator, response.Text, cancellationToken);
            Record(attempt, verdict, activity);
            if (verdict.Result.IsValid)
            {
                IEnumerable<ChatResponseUpdate> release = verdict.Stripped is null ? updates : Rewrite(response, verdict.Stripped).ToChatResponseUpdates();
                foreach (ChatResponseUpdate update in release)
                {
                    yield return update;
                }

                yield break;
            }

            if (attempt >= _options.MaxAttempts)
            {
                throw Exhausted(attempt, verdict, activity);
            }

            session.Reask(response, BuildReask(verdict.Result));
        }
    }

    private async IAsyncEnumerable<ChatResponseUpdate> ObserveStreamingAsync(IEnumerable<ChatMessage> messages, ChatOptions options, JsonElement schema, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        JsonSchemaValidator validator = GetValidator(schema);
        using Activity? activity = StartActivity();
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }

        Verdict verdict = Check(validator, updates.ToChatResponse().Text, cancellationToken);
        Record(1, verdict, activity);
        if (!verdict.Result.IsValid)
        {
            StructuredOutputLog.ObservedInvalid(_logger, verdict.Reason, verdict.Result.Errors.Count);
        }
    }

    private JsonSchemaValidator GetValidator(JsonElement schema)
    {
        try
        {
            return _validators.GetOrCompile(schema);
        }
        catch (JsonSchemaException ex)
        {
            StructuredOutputLog.SchemaInvalid(_logger, ex);
            throw;
        }
    }

    private Verdict Check(JsonSchemaValidator validator, string text, CancellationToken cancellationToken)
    {
        long started = _timeProvider.GetTimestamp();
        string? stripped = null;
        if (_options.StripMarkdownCodeFence && CodeFence.TryStrip(text, out string inner))
        {
            stripped = inner;
        }

        JsonSchemaValidationResult result = validator.Validate(stripped ?? text, cancellationToken);
        Telemetry.ValidationDuration.Record(_timeProvider.GetElapsedTime(started).TotalSeconds);
        return new Verdict(result, Telemetry.ReasonOf(result.Failure), stripped);
    }

    private void Record(int attempt, Verdict verdict, Activity? activity)
    {
        Telemetry.Attempts.Add(1, new KeyValuePair<string, object?>(Telemetry.ReasonTag, verdict.Reason));
        activity?.SetTag(Telemetry.AttemptsTag, attempt);
        activity?.SetTag(Telemetry.ReasonTag, verdict.Reason);
        if (verdict.Result.IsValid)
        {
            StructuredOutputLog.Accepted(_logger, attempt);
        }
        else
        {
            StructuredOutputLog.AttemptRejected(_logger, attempt, _options.MaxAttempts, verdict.Reason, verdict.Result.Errors.Count);
        }

        AuditDecision decision = !verdict.Result.IsValid ? AuditDecision.Deny : verdict.Stripped is null ? AuditDecision.Allow : AuditDecision.Modify;
        Dictionary<string, string>? details = null;
        if (AuditScope.Current is { } scope)
        {
            scope.Increment(Telemetry.AuditAttempts);
            details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["attempt"] = attempt.ToString(CultureInfo.InvariantCulture),
                ["errors"] = verdict.Result.Errors.Count.ToString(CultureInfo.InvariantCulture),
            };
            if (!verdict.Result.IsValid)
            {
                details["keywords"] = string.Join(',', verdict.Result.Errors.Select(e => e.Keyword).Distinct(StringComparer.Ordinal));
            }

            if (verdict.Stripped is not null)
            {
                details["leniency"] = Telemetry.CodeFenceStripped;
            }

            if (_options.Mode == StructuredOutputMode.Observe)
            {
                details["mode"] = "observe";
            }
        }

        // One decision per attempt; the span keeps the last one, as the audit record's last verdict of a stage is its final word.
        StageReporter.Report(new StageEvent(Telemetry.StageName, decision, verdict.Reason) { Details = details }, activity, _logger);
    }

    private StructuredOutputValidationException Exhausted(int attempts, Verdict verdict, Activity? activity)
    {
        Telemetry.Failures.Add(1, new KeyValuePair<string, object?>(Telemetry.ReasonTag, verdict.Reason));
        activity?.SetStatus(ActivityStatusCode.Error, Telemetry.AttemptsExhausted);
        activity?.SetTag(CompliantTelemetry.Tags.ErrorType, nameof(StructuredOutputValidationException));
        StructuredOutputLog.AttemptsExhausted(_logger, attempts, verdict.Reason, verdict.Result.Errors.Count);
        Dictionary<string, string>? details = null;
        if (AuditScope.Current is { } scope)
        {
            scope.Increment(Telemetry.AuditFailures);
            details = new Dictionary<string, string>(StringComparer.Ordinal) { ["attempts"] = attempts.ToString(CultureInfo.InvariantCulture), ["last_reason"] = verdict.Reason };
        }

        StageReporter.Report(new StageEvent(Telemetry.StageName, AuditDecision.Deny, Telemetry.AttemptsExhausted) { Details = details }, activity, _logger);

        return new StructuredOutputValidationException(verdict.Result.Failure, verdict.Result.Errors, attempts);
    }

    /// <summary>Builds the corrective message: what failed and where, never the answer's values.</summary>
    internal ChatMessage BuildReask(JsonSchemaValidationResult result)
    {
        var sb = new StringBuilder();
        sb.Append(result.Failure switch
        {
            JsonValidationFailureKind.InvalidJson => "Your previous answer is not valid JSON.",
            JsonValidationFailureKind.DepthLimitExceeded => "Your previous answer nests too deeply.",
            JsonValidationFailureKind.SizeLimitExceeded => "Your previous answer is too large.",
            JsonValidationFailureKind.WorkLimitExceeded => "Your previous answer is too complex to check against the required JSON schema.",
            _ => "Your previous answer does not conform to the required JSON schema.",
        });
        sb.Append(" Errors (paths are JSON Pointers into your answer; *N stands for the N-th property of its object):\n");
        int shown = Math.Min(_options.MaxErrorsInReask, result.Errors.Count);
        for (int i = 0; i < shown; i++)
        {
            JsonSchemaValidationError error = result.Errors[i];
            sb.Append(CultureInfo.InvariantCulture, $"- at {(error.InstancePath.Length == 0 ? "the root" : error.InstancePath)}: {error.Message} (schema: {error.KeywordPath})\n");
        }

        if (result.Errors.Count > shown)
        {
            sb.Append(CultureInfo.InvariantCulture, $"- and {result.Errors.Count - shown} more\n");
        }

        sb.Append("Reply again with only the corrected JSON value that conforms to the schema: no explanation and no Markdown code fence.");
        return new ChatMessage(ChatRole.User, sb.ToString());
    }

    private static ChatResponse Rewrite(ChatResponse response, string text)
    {
        ChatMessage? last = response.Messages.Count > 0 ? response.Messages[^1] : null;
        var message = new ChatMessage(ChatRole.Assistant, text)
        {
            AuthorName = last?.AuthorName,
            MessageId = last?.MessageId,
            CreatedAt = last?.CreatedAt,
            AdditionalProperties = last?.AdditionalProperties,
        };
        return ChatResponseCopy.WithMessages(response, [message]);
    }

    private static UsageDetails? Accumulate(UsageDetails? total, UsageDetails? usage)
    {
        if (usage is null)
        {
            return total;
        }

        total ??= new UsageDetails();
        total.Add(usage);
        return total;
    }

    private static Activity? StartActivity()
    {
        if (!CompliantTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        Activity? activity = CompliantTelemetry.ActivitySource.StartActivity(CompliantTelemetry.Spans.StructuredOutput);
        activity?.SetTag(CompliantTelemetry.Tags.Stage, Telemetry.StageName);
        return activity;
    }

    private readonly record struct Verdict(JsonSchemaValidationResult Result, string Reason, string? Stripped);

    /// <summary>The conversation sent on each attempt: the caller's messages, then (per re-ask) the rejected answer and the corrective message.</summary>
    /// <remarks>Never mutates the caller's list or options. With a service-side conversation (<see cref="ChatResponse.ConversationId"/>) only the corrective message is sent.</remarks>
    private sealed class ReaskSession(IEnumerable<ChatMessage> messages, ChatOptions options)
    {
        private List<ChatMessage>? _history;

        public IEnumerable<ChatMessage> Messages => _history ?? messages;

        public ChatOptions Options { get; private set; } = options;

        public void Reask(ChatResponse rejected, ChatMessage correction)
        {
            if (rejected.ConversationId is { } conversationId)
            {
                _history = [correction];
                if (Options.ConversationId != conversationId)
                {
                    ChatOptions clone = Options.Clone();
                    clone.ConversationId = conversationId;
                    Options = clone;
                }

                return;
            }

            _history ??= [.. messages];
            _history.AddRange(rejected.Messages);
            _history.Add(correction);
        }
    }
}
