using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Compliant.AI.Cascade.Internal;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliant.AI;

/// <summary>
/// Cost-aware cascading: sends each request to the cheap primary model (the inner client) first and escalates it to
/// a larger model when the primary's answer reports a confidence below <see cref="CascadeOptions.MinimumConfidence"/>,
/// fails the request's JSON schema, or the primary fails (including a budget or rate-limit refusal on the primary).
/// When the larger model refuses the escalation for budget or rate-limit reasons, the primary's answer is kept.
/// </summary>
/// <remarks>
/// <para>
/// Each request adds one <c>cascade</c> verdict to the audit record (<see cref="AuditScope.Current"/>) with the tier
/// that answered and the reason, and the counters <c>cascade.requests</c>, <c>cascade.escalations</c> and
/// <c>cascade.escalations.{reason}</c>; the metric <c>compliant_ai.cascade.requests</c> carries the tier, the reason and
/// the caller's tenant. Costs and per-team rate limits come from the budgets stage: compose
/// <c>UseCostControl()</c> around each tier (see docs/budgets.md), so each tier is priced with its own model.
/// </para>
/// <para>
/// Streaming buffers the primary's answer (the decision needs all of it), then either replays it or streams the larger
/// model's answer through. Place the cascade inside PII redaction, so both tiers see only redacted text, and outside
/// the caller boundary, so the tenant is known. Microsoft.Extensions.AI's <see cref="FailoverChatClient"/> moves on
/// only when a client throws; a cascade must also move on from an answer that succeeded but is not good enough, and
/// must keep that answer when the escalation is refused, so it is a stage of its own. <see cref="ChatRouting.CreateCostAware"/>
/// routes up front by the request's shape (length, tools, schema); the cascade decides after the cheap model answered;
/// the two compose (the escalation tier may itself be a failover or routing client). Thread-safe.
/// </para>
/// </remarks>
public sealed class CascadeChatClient : DelegatingChatClient
{
    private readonly IChatClient _escalation;
    private readonly CascadeOptions _options;
    private readonly ICallerContextAccessor? _callerAccessor;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private (string Schema, JsonSchemaValidator Validator)? _lastValidator;

    /// <summary>Initializes a new instance of the <see cref="CascadeChatClient"/> class.</summary>
    /// <param name="primary">The cheap model, asked first.</param>
    /// <param name="escalation">The larger model, asked when the primary's answer is not good enough.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="callerAccessor">The ambient caller, for the tenant on metrics; per-call callers are read from the options first.</param>
    /// <exception cref="ArgumentNullException"><paramref name="primary"/> or <paramref name="escalation"/> is <see langword="null"/>.</exception>
    /// <param name="logger">The logger; it receives tier and reason codes only.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid (for example a minimum confidence outside [0, 1]).</exception>
    public CascadeChatClient(IChatClient primary, IChatClient escalation, CascadeOptions? options = null, ICallerContextAccessor? callerAccessor = null, ILogger? logger = null)
        : base(primary)
    {
        _escalation = Throw.IfNull(escalation);
        _options = StageOptions.Freeze(options, static o => o.Clone(), CascadeOptionsValidator.Instance);
        _callerAccessor = callerAccessor;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        List<ChatMessage> history = messages as List<ChatMessage> ?? [.. messages];
        ChatResponse? primary = null;
        string reason;
        try
        {
            primary = await base.GetResponseAsync(history, options, cancellationToken).ConfigureAwait(false);
            reason = Judge(primary, options, cancellationToken);
        }
        catch (Exception ex) when (EscalatesOnFailure(ex, cancellationToken))
        {
            CascadeLog.PrimaryFailed(_logger, ex.GetType().Name);
            reason = CompliantTelemetry.Cascade.PrimaryFailure;
        }

        if (reason == CompliantTelemetry.Cascade.Confident)
        {
            Report(CompliantTelemetry.Cascade.Primary, reason, options);
            return primary!;
        }

        try
        {
            ChatResponse escalated = await _escalation.GetResponseAsync(history, options, cancellationToken).ConfigureAwait(false);
            Report(CompliantTelemetry.Cascade.Escalation, reason, options);
            return escalated;
        }
        catch (Exception ex) when (KeepsPrimary(ex, primary, reason))
        {
            Report(CompliantTelemetry.Cascade.Primary, CompliantTelemetry.Cascade.EscalationRefused, options, escalationReason: reason);
            return primary!;
        }
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        List<ChatMessage> history = messages as List<ChatMessage> ?? [.. messages];
        List<ChatResponseUpdate>? buffered = null;
        ChatResponse? primary = null;
        string reason;
        try
        {
            buffered = await BufferAsync(base.GetStreamingResponseAsync(history, options, cancellationToken), cancellationToken).ConfigureAwait(false);
            primary = buffered.ToChatResponse();
            reason = Judge(primary, options, cancellationToken);
        }
        catch (Exception ex) when (EscalatesOnFailure(ex, cancellationToken))
        {
            CascadeLog.PrimaryFailed(_logger, ex.GetType().Name);
            reason = CompliantTelemetry.Cascade.PrimaryFailure;
        }

        if (reason == CompliantTelemetry.Cascade.Confident)
        {
            Report(CompliantTelemetry.Cascade.Primary, reason, options);
            foreach (ChatResponseUpdate update in buffered!)
            {
                yield return update;
            }

            yield break;
        }

        IAsyncEnumerator<ChatResponseUpdate> escalated = _escalation.GetStreamingResponseAsync(history, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            bool first = true;
            while (true)
            {
                bool more;
                try
                {
                    more = await escalated.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (first && KeepsPrimary(ex, primary, reason))
                {
                    // Refused before anything reached the caller: the primary's answer stands.
                    Report(CompliantTelemetry.Cascade.Primary, CompliantTelemetry.Cascade.EscalationRefused, options, escalationReason: reason);
                    buffered ??= [];
                    break;
                }

                if (!more)
                {
                    Report(CompliantTelemetry.Cascade.Escalation, reason, options);
                    yield break;
                }

                first = false;
                yield return escalated.Current;
            }
        }
        finally
        {
            await escalated.DisposeAsync().ConfigureAwait(false);
        }

        foreach (ChatResponseUpdate update in buffered)
        {
            yield return update;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _escalation.Dispose();
        }

        base.Dispose(disposing);
    }

    private static async Task<List<ChatResponseUpdate>> BufferAsync(IAsyncEnumerable<ChatResponseUpdate> updates, CancellationToken cancellationToken)
    {
        var buffer = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            buffer.Add(update);
        }

        return buffer;
    }

    private static bool IsRefusal(Exception ex) => ex is BudgetExceededException or RateLimitExceededException;

    private static double? ReadConfidence(object? value) => value switch
    {
        double d => d,
        float f => f,
        decimal m => (double)m,
        int i => i,
        long l => l,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
        _ => null,
    };

    private bool EscalatesOnFailure(Exception ex, CancellationToken cancellationToken) =>
        _options.EscalateOnPrimaryFailure && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private bool KeepsPrimary(Exception ex, ChatResponse? primary, string reason) =>
        _options.KeepPrimaryAnswerWhenEscalationRefused && IsRefusal(ex) && primary is not null
        && reason is not CompliantTelemetry.Cascade.SchemaFailure and not CompliantTelemetry.Cascade.PrimaryFailure;

    /// <summary>Returns <see cref="CompliantTelemetry.Cascade.Confident"/> when the primary's answer stands, else the escalation reason.</summary>
    private string Judge(ChatResponse response, ChatOptions? options, CancellationToken cancellationToken)
    {
        JsonElement? answer = null;
        string text = response.Text;
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            answer = document.RootElement.Clone();
        }
        catch (JsonException)
        {
        }

        if (_options.EscalateOnSchemaFailure && options?.ResponseFormat is ChatResponseFormatJson { Schema: JsonElement schema })
        {
            if (answer is not { } instance || !Validator(schema).Validate(instance, cancellationToken).IsValid)
            {
                return CompliantTelemetry.Cascade.SchemaFailure;
            }
        }

        double? confidence = response.AdditionalProperties?.TryGetValue(_options.ConfidenceProperty, out object? reported) == true
            ? ReadConfidence(reported)
            : answer is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty(_options.ConfidenceProperty, out JsonElement property)
                ? ReadConfidence(property)
                : null;
        return confidence switch
        {
            null or double.NaN => _options.EscalateWhenConfidenceMissing ? CompliantTelemetry.Cascade.ConfidenceMissing : CompliantTelemetry.Cascade.Confident,
            double c when c < _options.MinimumConfidence => CompliantTelemetry.Cascade.LowConfidence,
            _ => CompliantTelemetry.Cascade.Confident,
        };
    }

    private JsonSchemaValidator Validator(JsonElement schema)
    {
        // Callers send the same schema with every request: keep the last compiled one.
        string raw = schema.GetRawText();
        lock (_gate)
        {
            if (_lastValidator is { } last && string.Equals(last.Schema, raw, StringComparison.Ordinal))
            {
                return last.Validator;
            }
        }

        JsonSchemaValidator compiled = JsonSchemaValidator.Compile(schema, null);
        lock (_gate)
        {
            _lastValidator = (raw, compiled);
        }

        return compiled;
    }

    private void Report(string tier, string reason, ChatOptions? options, string? escalationReason = null)
    {
        bool escalated = tier == CompliantTelemetry.Cascade.Escalation;
        if (AuditScope.Current is { } scope)
        {
            scope.Increment(CompliantTelemetry.Cascade.AuditRequests);
            if (escalated)
            {
                scope.Increment(CompliantTelemetry.Cascade.AuditEscalations);
                scope.Increment($"{CompliantTelemetry.Cascade.AuditEscalations}.{reason}");
            }
            else if (escalationReason is not null)
            {
                scope.Increment(CompliantTelemetry.Cascade.AuditEscalationRefused);
            }

        }

        Dictionary<string, string>? details = null;
        if (AuditScope.Current is not null)
        {
            details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["tier"] = tier,
                ["reason"] = reason,
            };
            if (escalationReason is not null)
            {
                details["escalation_reason"] = escalationReason;
            }
        }

        StageReporter.Report(
            new StageEvent(CompliantTelemetry.Cascade.StageName, escalated ? AuditDecision.Modify : AuditDecision.Allow, reason) { Details = details },
            span: null,
            _logger);

        if (CompliantTelemetry.Cascade.Requests.Enabled)
        {
            string tenant = options.GetCaller(_callerAccessor).TenantId ?? CostControlOptions.NoTenant;
            CompliantTelemetry.Cascade.Requests.Add(
                1,
                new KeyValuePair<string, object?>(CompliantTelemetry.Cascade.TierTag, tier),
                new KeyValuePair<string, object?>(CompliantTelemetry.Cascade.ReasonTag, reason),
                new KeyValuePair<string, object?>(CompliantTelemetry.Tags.TenantId, tenant));
        }

        Activity.Current?.AddEvent(new ActivityEvent(CompliantTelemetry.Cascade.SpanName, tags: new ActivityTagsCollection
        {
            [CompliantTelemetry.Cascade.TierTag] = tier,
            [CompliantTelemetry.Cascade.ReasonTag] = reason,
        }));
    }
}
