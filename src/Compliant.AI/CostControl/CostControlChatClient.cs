using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.RateLimiting;
using Compliant.AI.CostControl.Internal;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliant.AI;

/// <summary>A chat client stage that counts tokens, prices each call, enforces per-tenant budgets and rate limits, and records all of it.</summary>
/// <remarks>
/// <para>For each call, in order:</para>
/// <list type="number">
/// <item>The tenant is <c>options.GetCaller(accessor).TenantId</c> (or <see cref="CostControlOptions.NoTenant"/>).</item>
/// <item>Rate limit: a token bucket per tenant (System.Threading.RateLimiting); refused calls throw <see cref="RateLimitExceededException"/>.</item>
/// <item>Budget: when the tenant has a budget, the call's worst-case cost (estimated input tokens plus
/// <c>MaxOutputTokens</c>, priced) is reserved atomically against the day and month budgets in the <see cref="IBudgetStore"/>;
/// a call that does not fit throws <see cref="BudgetExceededException"/> and is never sent.</item>
/// <item>After the call: tokens come from <see cref="ChatResponse.Usage"/> (streaming: <see cref="UsageContent"/>), or are
/// estimated offline and marked <see cref="AuditRecord.TokensEstimated"/>; the cost is added to the audit record and to
/// the <c>compliant_ai.cost</c> metric; the reservation is settled to the actual cost (released when the call failed
/// before producing anything).</item>
/// </list>
/// <para>
/// Because every admitted call holds its worst-case cost until it settles, concurrent calls of one tenant cannot
/// spend past the budget by more than the amount by which one call's actual cost exceeds its estimate (none when the
/// estimate's input count is exact and <c>MaxOutputTokens</c> is set).
/// </para>
/// <para>
/// Audit fields accumulate: when several model calls happen within one audited interaction (re-asks, tool rounds),
/// tokens and cost add up. Metric tags are the tenant id, the model id and the currency; never a user id. Thread-safe.
/// </para>
/// </remarks>
public sealed class CostControlChatClient : DelegatingChatClient
{
    private readonly CostControlOptions _options;
    private readonly IBudgetStore _store;
    private readonly ICallerContextAccessor _accessor;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly PartitionedRateLimiter<string>? _rateLimiter;
    private readonly TokenEstimator _estimator;
    private string? _defaultModel;
    private bool _defaultModelResolved;

    /// <summary>Initializes a new instance of the <see cref="CostControlChatClient"/> class.</summary>
    /// <param name="innerClient">The client whose calls are accounted.</param>
    /// <param name="options">The price table, budgets and rate limits; copied and validated. <see langword="null"/> for the defaults (accounting only).</param>
    /// <param name="store">Where spend is kept; <see langword="null"/> for a new <see cref="InMemoryBudgetStore"/>.</param>
    /// <param name="callerAccessor">
    /// The ambient caller, used when a request carries none (for example behind PII redaction, which removes the caller
    /// from the options); <see langword="null"/> for a <see cref="CallerContextAccessor"/>, the shared ambient slot.
    /// </param>
    /// <param name="timeProvider">The clock that decides budget periods; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger; <see langword="null"/> for none.</param>
    /// <param name="tokenCounter">
    /// Counts tokens when the provider reports no usage; <see langword="null"/> for one token per four characters.
    /// </param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public CostControlChatClient(
        IChatClient innerClient,
        CostControlOptions? options = null,
        IBudgetStore? store = null,
        ICallerContextAccessor? callerAccessor = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        ITokenCounter? tokenCounter = null)
        : base(innerClient)
    {
        _options = StageOptions.Freeze(options, static o => o.Clone(), CostControlOptionsValidation.Instance);
        _estimator = tokenCounter is null ? TokenEstimator.Heuristic : new TokenEstimator(tokenCounter);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _store = store ?? new InMemoryBudgetStore(_timeProvider);
        _accessor = callerAccessor ?? new CallerContextAccessor();
        _logger = logger ?? NullLogger.Instance;
        if (_options.RateLimitPermitsPerWindow > 0)
        {
            int permits = _options.RateLimitPermitsPerWindow;
            TimeSpan window = _options.RateLimitWindow;
            int queue = _options.RateLimitQueueLimit;
            _rateLimiter = PartitionedRateLimiter.Create<string, string>(tenant => RateLimitPartition.GetTokenBucketLimiter(tenant, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = permits,
                TokensPerPeriod = permits,
                ReplenishmentPeriod = window,
                QueueLimit = queue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
        }
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        IReadOnlyCollection<ChatMessage> list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        CallState state = await AdmitAsync(list, options, cancellationToken).ConfigureAwait(false);
        ChatResponse response;
        Task<ChatResponse>? call = null;
        try
        {
            call = InnerClient.GetResponseAsync(list, options, cancellationToken);
            response = await Abandonment.WaitAsync(call, CompliantTelemetry.CostControl.StageName, whenAbandonedEnds: null, cancellationToken).ConfigureAwait(false);
        }
        catch when (call is { IsCompletedSuccessfully: true } or { IsCompleted: false })
        {
            // The caller stopped waiting while the provider kept going (it ignored the token): the reservation stays
            // until the provider ends, then is settled to what it produced (or released if it failed).
            AuditScope.Current?.Increment("budget.abandoned_calls");
            _ = AccountWhenEndedAsync(call!, state);
            throw;
        }
        catch
        {
            await ReleaseAsync(state).ConfigureAwait(false);
            throw;
        }

        await SettleAsync(state, response.Usage, response.ModelId, () => response.Text).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        IReadOnlyCollection<ChatMessage> list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        CallState state = await AdmitAsync(list, options, cancellationToken).ConfigureAwait(false);
        UsageDetails? usage = null;
        string? modelId = null;
        var text = new StringBuilder();
        bool any = false;
        bool settled = false;
        CancellableEnumerator<ChatResponseUpdate>? enumerator = null;
        try
        {
            enumerator = new CancellableEnumerator<ChatResponseUpdate>(
                InnerClient.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken),
                CompliantTelemetry.CostControl.StageName,
                cancellationToken);
            while (await enumerator.MoveNextAsync().ConfigureAwait(false))
            {
                ChatResponseUpdate update = enumerator.Current;
                any = true;
                modelId ??= update.ModelId;
                foreach (AIContent content in update.Contents)
                {
                    if (content is UsageContent u)
                    {
                        usage ??= new UsageDetails();
                        usage.Add(u.Details);
                    }
                    else if (content is TextContent t)
                    {
                        text.Append(t.Text);
                    }
                }

                yield return update;
            }

            settled = true;
            await SettleAsync(state, usage, modelId, () => text.ToString()).ConfigureAwait(false);
        }
        finally
        {
            if (enumerator is not null)
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }

            if (!settled && enumerator?.Ended is { } ended)
            {
                // The provider ignored the caller's cancellation and still runs: hold the reservation until it ends.
                AuditScope.Current?.Increment("budget.abandoned_calls");
                _ = AccountWhenEndedAsync(ended, state, any, usage, modelId, text.ToString());
            }
            else if (!settled)
            {
                // Failed or abandoned: bill what was produced (estimated where the provider reported nothing), or release.
                if (any)
                {
                    await SettleAsync(state, usage, modelId, () => text.ToString()).ConfigureAwait(false);
                }
                else
                {
                    await ReleaseAsync(state).ConfigureAwait(false);
                }
            }
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rateLimiter?.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<CallState> AdmitAsync(IReadOnlyCollection<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        string tenant = options.GetCaller(_accessor).TenantId ?? CostControlOptions.NoTenant;
        if (_rateLimiter is not null)
        {
            await AcquireAsync(tenant, cancellationToken).ConfigureAwait(false);
        }

        string? model = options?.ModelId ?? DefaultModel();
        ModelPrice? price = model is not null && _options.Prices.TryGetValue(model, out ModelPrice? p) ? p : null;
        var state = new CallState(tenant, model, price, messages, _estimator);

        BudgetLimit? limit = _options.Budgets.TryGetValue(tenant, out BudgetLimit? l) ? l : _options.DefaultBudget;
        if (limit is null || (limit.Daily is null && limit.Monthly is null))
        {
            return state;
        }

        if (price is null)
        {
            if (!_options.RefuseUnpricedModels)
            {
                AuditScope.Current?.Increment("budget.unpriced_model");
                return state;
            }

            Deny(tenant, null, "model_not_priced");
            throw new BudgetExceededException("The model has no configured price, so the call cannot be checked against the tenant's budget.", "model_not_priced") { TenantId = tenant };
        }

        long maxOutput = options?.MaxOutputTokens ?? _options.DefaultMaxOutputTokens;
        decimal estimate = price.Cost(state.EstimatedInputTokens, 0, maxOutput);
        DateTimeOffset now = _timeProvider.GetUtcNow();

        if (limit.Daily is { } daily)
        {
            string key = BudgetPeriods.Key(tenant, BudgetPeriods.Day, now);
            DateTimeOffset end = BudgetPeriods.End(BudgetPeriods.Day, now);
            if (!await _store.TryReserveAsync(key, estimate, daily, end.AddDays(1), cancellationToken).ConfigureAwait(false))
            {
                Deny(tenant, BudgetPeriods.Day, "budget_exceeded");
                throw Exceeded(tenant, BudgetPeriods.Day, daily, estimate, end);
            }

            state.Reservations.Add((key, end.AddDays(1)));
        }

        if (limit.Monthly is { } monthly)
        {
            string key = BudgetPeriods.Key(tenant, BudgetPeriods.Month, now);
            DateTimeOffset end = BudgetPeriods.End(BudgetPeriods.Month, now);
            if (!await _store.TryReserveAsync(key, estimate, monthly, end.AddDays(1), cancellationToken).ConfigureAwait(false))
            {
                state.Reserved = estimate;
                await ReleaseAsync(state).ConfigureAwait(false);
                Deny(tenant, BudgetPeriods.Month, "budget_exceeded");
                throw Exceeded(tenant, BudgetPeriods.Month, monthly, estimate, end);
            }

            state.Reservations.Add((key, end.AddDays(1)));
        }

        state.Reserved = estimate;
        return state;
    }

    private async ValueTask AcquireAsync(string tenant, CancellationToken cancellationToken)
    {
        RateLimitLease lease = _options.RateLimitQueueLimit > 0
            ? await _rateLimiter!.AcquireAsync(tenant, 1, cancellationToken).ConfigureAwait(false)
            : _rateLimiter!.AttemptAcquire(tenant, 1);
        using (lease)
        {
            if (lease.IsAcquired)
            {
                return;
            }

            TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan r) ? r : null;
            CompliantTelemetry.CostControl.RateLimitRejections.Add(1, new KeyValuePair<string, object?>(CompliantTelemetry.Tags.TenantId, tenant));
            StageReporter.Report(new StageEvent(CompliantTelemetry.CostControl.StageName, AuditDecision.Deny, "rate_limited") { TenantId = tenant }, span: null, _logger);
            throw new RateLimitExceededException("The tenant's model call rate limit was exceeded.") { TenantId = tenant, RetryAfter = retryAfter };
        }
    }

    private void Deny(string tenant, string? period, string reason)
    {
        CompliantTelemetry.CostControl.BudgetRejections.Add(
            1,
            new KeyValuePair<string, object?>(CompliantTelemetry.Tags.TenantId, tenant),
            new KeyValuePair<string, object?>(CompliantTelemetry.CostControl.TagPeriod, period ?? "none"));
        StageReporter.Report(
            new StageEvent(CompliantTelemetry.CostControl.StageName, AuditDecision.Deny, reason)
            {
                TenantId = tenant,
                Details = period is null ? null : new Dictionary<string, string> { ["period"] = period },
            },
            span: null,
            _logger);
    }

    private static BudgetExceededException Exceeded(string tenant, string period, decimal limit, decimal estimate, DateTimeOffset resetsAt) =>
        new($"The call would exceed the {period} budget of tenant '{tenant}'.")
        {
            TenantId = tenant,
            Period = period,
            Limit = limit,
            EstimatedCost = estimate,
            ResetsAt = resetsAt,
        };

    private async ValueTask SettleAsync(CallState state, UsageDetails? usage, string? responseModel, Func<string> responseText)
    {
        bool estimated = usage?.InputTokenCount is null || usage.OutputTokenCount is null;
        long input = usage?.InputTokenCount ?? state.EstimatedInputTokens;
        long output = usage?.OutputTokenCount ?? _estimator.CountText(responseText());
        long cached = usage?.CachedInputTokenCount ?? 0;
        string? model = state.Model ?? responseModel;
        decimal? cost = state.Price?.Cost(input, cached, output);
        string currency = _options.Currency;

        AuditScope.Current?.Update(r =>
        {
            r.InputTokens = (r.InputTokens ?? 0) + input;
            r.OutputTokens = (r.OutputTokens ?? 0) + output;
            r.TokensEstimated |= estimated;
            if (cost is { } c)
            {
                r.Cost = (r.Cost ?? 0m) + c;
                r.Currency = currency;
            }

            r.Model ??= model;
        });

        var tenantTag = new KeyValuePair<string, object?>(CompliantTelemetry.Tags.TenantId, state.Tenant);
        var modelTag = new KeyValuePair<string, object?>(CompliantTelemetry.Tags.Model, model ?? "unknown");
        var estimatedTag = new KeyValuePair<string, object?>(CompliantTelemetry.CostControl.TagEstimated, estimated);
        CompliantTelemetry.CostControl.Tokens.Add(input, tenantTag, modelTag, new KeyValuePair<string, object?>(CompliantTelemetry.CostControl.TagTokenType, "input"), estimatedTag);
        CompliantTelemetry.CostControl.Tokens.Add(output, tenantTag, modelTag, new KeyValuePair<string, object?>(CompliantTelemetry.CostControl.TagTokenType, "output"), estimatedTag);
        if (cost is { } spent)
        {
            CompliantTelemetry.CostControl.Cost.Add((double)spent, tenantTag, modelTag, new KeyValuePair<string, object?>(CompliantTelemetry.CostControl.TagCurrency, currency));
        }
        else if (model is not null)
        {
            CostControlLog.NoPrice(_logger, model);
        }

        if (state.Reservations.Count > 0)
        {
            await AdjustAsync(state, (cost ?? state.Reserved) - state.Reserved).ConfigureAwait(false);
        }
    }

    /// <summary>Settles an abandoned non-streaming call once the provider ends: to its usage when it answered, else released.</summary>
    private async Task AccountWhenEndedAsync(Task<ChatResponse> call, CallState state)
    {
        try
        {
            ChatResponse response;
            try
            {
                response = await call.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // an abandoned call's failure has no reader; the reservation is released
            catch
            {
                await ReleaseAsync(state).ConfigureAwait(false);
                return;
            }

            await SettleAsync(state, response.Usage, response.ModelId, () => response.Text).ConfigureAwait(false);
        }
        catch (Exception e)
#pragma warning restore CA1031
        {
            CostControlLog.SettlementFailed(_logger, state.Tenant, e.GetType().Name);
        }
    }

    /// <summary>Settles an abandoned stream once the provider's pending step ended, to what reached the caller.</summary>
    private async Task AccountWhenEndedAsync(Task ended, CallState state, bool any, UsageDetails? usage, string? modelId, string text)
    {
        try
        {
            await ended.ConfigureAwait(false);
            if (any)
            {
                await SettleAsync(state, usage, modelId, () => text).ConfigureAwait(false);
            }
            else
            {
                await ReleaseAsync(state).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // nobody waits for this settlement; a failure is logged
        catch (Exception e)
#pragma warning restore CA1031
        {
            CostControlLog.SettlementFailed(_logger, state.Tenant, e.GetType().Name);
        }
    }

    private ValueTask ReleaseAsync(CallState state) =>
        state.Reservations.Count > 0 ? AdjustAsync(state, -state.Reserved) : default;

    private async ValueTask AdjustAsync(CallState state, decimal delta)
    {
        if (delta == 0m)
        {
            return;
        }

        foreach ((string key, DateTimeOffset expiresAt) in state.Reservations)
        {
            try
            {
                // Not the caller's token: a settlement must land even when the caller gave up.
                await _store.AddAsync(key, delta, expiresAt, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // the answer was produced; a store failure must not lose it, so it is logged and counted
            catch (Exception e)
#pragma warning restore CA1031
            {
                AuditScope.Current?.Increment("budget.settlement_failures");
                CostControlLog.SettlementFailed(_logger, state.Tenant, e.GetType().Name);
            }
        }
    }

    private string? DefaultModel()
    {
        if (!_defaultModelResolved)
        {
            _defaultModel = InnerClient.GetService<ChatClientMetadata>()?.DefaultModelId;
            _defaultModelResolved = true;
        }

        return _defaultModel;
    }

    private sealed class CallState(string tenant, string? model, ModelPrice? price, IReadOnlyCollection<ChatMessage> messages, TokenEstimator estimator)
    {
        private long? _estimatedInput;

        public string Tenant { get; } = tenant;

        public string? Model { get; } = model;

        public ModelPrice? Price { get; } = price;

        public long EstimatedInputTokens => _estimatedInput ??= estimator.CountMessages(messages);

        public List<(string Key, DateTimeOffset ExpiresAt)> Reservations { get; } = [];

        public decimal Reserved { get; set; }
    }
}
