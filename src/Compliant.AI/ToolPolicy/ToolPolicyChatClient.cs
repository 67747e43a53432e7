using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Compliant.AI.Internal;
using Compliant.AI.Tools.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliant.AI;

/// <summary>A chat client stage that enforces a <see cref="ToolPolicy"/> per tool: who may call it, with which arguments, how often, and with whose approval.</summary>
/// <remarks>
/// <para>
/// Place it <b>outside</b> Microsoft.Extensions.AI's <c>FunctionInvokingChatClient</c>
/// (<c>builder.UseToolPolicy().UseFunctionInvocation()</c>). For each request it wraps every <see cref="AIFunction"/> in
/// <see cref="ChatOptions.Tools"/> so that the policy is checked right before the function would run: a denied call never
/// runs, and the model receives <see cref="ToolPolicyOptions.DenialText"/> as its result (or the request ends with a
/// <see cref="ToolCallDeniedException"/> when <see cref="ToolPolicyOptions.ThrowOnDenial"/> is set). Tools whose policy may
/// need approval are offered as <see cref="ApprovalRequiredAIFunction"/>, so the function-invoking client turns their calls
/// into <see cref="ToolApprovalRequestContent"/>: the stage checks each proposed call, answers it itself when the policy
/// denies it or needs no approval for these arguments, asks the registered <see cref="IToolApprover"/> otherwise, and
/// when there is none passes the requests to the host (stamped with their expiry) and checks the host's
/// <see cref="ToolApprovalResponseContent"/> on the next request.
/// </para>
/// <para>
/// Calls that reach the stage unhandled (no function-invoking client inside it, or a declaration-only tool the host runs
/// itself) are checked when the model proposes them: a denied one is marked informational and answered with the denial
/// text in a tool message appended to the response. Streaming and non-streaming calls behave alike.
/// </para>
/// <para>
/// Decisions (tool name, outcome, reason code; the approver's id in the audit record only) go to the audit record, the
/// span, the metric and the log; argument values never do. The caller's messages and options are never mutated. The
/// instance is thread-safe; its rate-limit counters live in process.
/// </para>
/// </remarks>
public sealed class ToolPolicyChatClient : DelegatingChatClient
{
    /// <summary>The <see cref="AIContent.AdditionalProperties"/> key of the expiry stamped on approval requests sent to the host.</summary>
    public const string ApprovalExpiresAtKey = "compliant_ai.tool_policy.expires_at";

    private const int MaxApprovalRounds = 8;
    private const string OtherTool = "_other";

    private readonly ToolPolicyEvaluator _evaluator;
    private readonly ToolPolicyOptions _options;
    private readonly IToolApprover? _approver;
    private readonly ICallerContextAccessor? _callerAccessor;
    private readonly TimeProvider _timeProvider;
    private readonly ToolPolicyReporter _reporter;

    /// <summary>Initializes a new instance of the <see cref="ToolPolicyChatClient"/> class.</summary>
    /// <param name="innerClient">The client the request goes to; normally a <c>FunctionInvokingChatClient</c>.</param>
    /// <param name="options">The policies; <see langword="null"/> uses the defaults (every tool denied). They are copied and validated.</param>
    /// <param name="approver">Decides approvals in process; <see langword="null"/> passes approval requests to the host.</param>
    /// <param name="callerAccessor">The ambient caller, used when the request carries none.</param>
    /// <param name="timeProvider">The clock of rate-limit windows and approval expiry; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger; it receives tool names, outcomes and reason codes only.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public ToolPolicyChatClient(
        IChatClient innerClient,
        ToolPolicyOptions? options = null,
        IToolApprover? approver = null,
        ICallerContextAccessor? callerAccessor = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
        : this(innerClient, options, approver, callerAccessor, timeProvider, logger, limiter: null)
    {
    }

    internal ToolPolicyChatClient(
        IChatClient innerClient,
        ToolPolicyOptions? options,
        IToolApprover? approver,
        ICallerContextAccessor? callerAccessor,
        TimeProvider? timeProvider,
        ILogger? logger,
        ToolRateLimiter? limiter)
        : base(innerClient)
    {
        _options = StageOptions.Freeze(options, static o => o.Clone(), ToolPolicyOptionsValidation.Instance);
        _timeProvider = timeProvider ?? limiter?.TimeProvider ?? TimeProvider.System;
        _evaluator = new ToolPolicyEvaluator(_options, limiter ?? new ToolRateLimiter(_timeProvider));
        _approver = approver;
        _callerAccessor = callerAccessor;
        _reporter = new ToolPolicyReporter(logger ?? NullLogger.Instance);
    }

    /// <inheritdoc />
    /// <exception cref="ToolCallDeniedException">A call was denied and <see cref="ToolPolicyOptions.ThrowOnDenial"/> is set.</exception>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        using Activity? activity = StartActivity();
        var state = new ToolPolicyRequestState(options.GetCaller(_callerAccessor), activity);
        List<ChatMessage> history = ReadApprovalResponses(messages, state);
        ChatOptions? wrapped = WrapTools(options, state);
        List<ChatMessage> earlier = [];
        for (int round = 0; ; round++)
        {
            ChatResponse response = await InnerClient.GetResponseAsync(history, wrapped, cancellationToken).ConfigureAwait(false);
            ThrowIfDenied(state);
            ChatMessage? answers = await AnswerApprovalRequestsAsync(response.Messages, state, round < MaxApprovalRounds, cancellationToken).ConfigureAwait(false);
            if (answers is null)
            {
                if (CheckProposedCalls(response.Messages.Select(static m => m.Contents), state) is { } denied)
                {
                    response.Messages.Add(new ChatMessage(ChatRole.Tool, denied));
                }

                if (earlier.Count > 0)
                {
                    response.Messages = [.. earlier, .. response.Messages];
                }

                return response;
            }

            history.AddRange(response.Messages);
            history.Add(answers);
            earlier.AddRange(WithoutApprovalRequests(response.Messages));
        }
    }

    /// <inheritdoc />
    /// <exception cref="ToolCallDeniedException">A call was denied and <see cref="ToolPolicyOptions.ThrowOnDenial"/> is set; thrown in place of the next update.</exception>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        using Activity? activity = StartActivity();
        var state = new ToolPolicyRequestState(options.GetCaller(_callerAccessor), activity);
        List<ChatMessage> history = ReadApprovalResponses(messages, state);
        ChatOptions? wrapped = WrapTools(options, state);
        for (int round = 0; ; round++)
        {
            var roundUpdates = new List<ChatResponseUpdate>();
            var approvalUpdates = new List<ChatResponseUpdate>();
            var heldCalls = new List<ChatResponseUpdate>();
            await foreach (ChatResponseUpdate update in InnerClient.GetStreamingResponseAsync(history, wrapped, cancellationToken).ConfigureAwait(false))
            {
                ThrowIfDenied(state);
                roundUpdates.Add(update);
                if (update.Contents.Any(static c => c is ToolApprovalRequestContent))
                {
                    approvalUpdates.Add(update);
                    continue;
                }

                if (update.Contents.Any(static c => c is FunctionCallContent { InformationalOnly: false }))
                {
                    heldCalls.Add(update);
                    continue;
                }

                if (heldCalls.Count > 0 && update.Contents.Any(static c => c is FunctionResultContent))
                {
                    // The function-invoking client handled the held calls (their results follow): release them in order.
                    foreach (ChatResponseUpdate held in heldCalls)
                    {
                        yield return held;
                    }

                    heldCalls.Clear();
                }

                yield return update;
            }

            ThrowIfDenied(state);
            ChatMessage? answers = approvalUpdates.Count == 0 ? null
                : await AnswerApprovalRequestsAsync(approvalUpdates.ToChatResponse().Messages, state, round < MaxApprovalRounds, cancellationToken).ConfigureAwait(false);
            if (answers is null)
            {
                if (heldCalls.Count > 0)
                {
                    List<AIContent>? denials = CheckProposedCalls(heldCalls.Select(static u => u.Contents), state);
                    foreach (ChatResponseUpdate held in heldCalls)
                    {
                        yield return held;
                    }

                    if (denials is not null)
                    {
                        yield return new ChatResponseUpdate(ChatRole.Tool, denials) { MessageId = Guid.NewGuid().ToString("N") };
                    }
                }

                foreach (ChatResponseUpdate held in approvalUpdates)
                {
                    yield return held;
                }

                yield break;
            }

            history.AddRange(roundUpdates.ToChatResponse().Messages);
            history.Add(answers);
        }
    }

    /// <summary>Checks a call right before its function runs; returns the denial text, or <see langword="null"/> when it may run.</summary>
    internal string? CheckInvocation(string toolName, AIFunctionArguments arguments, string? callId, ToolPolicyRequestState state, CancellationToken cancellationToken)
    {
        if (state.Denial is { } earlier)
        {
            return DenialText(earlier.Reason); // the request is ending with ToolCallDeniedException: nothing else runs
        }

        ToolCheck check = _evaluator.Check(toolName, arguments, state.Caller, cancellationToken);
        if (check.Allowed && (check.ApprovalReason is not null || state.HostApprovalTools.Contains(toolName)) && (callId is null || !state.ApprovedCallIds.ContainsKey(callId)))
        {
            check = new ToolCheck(false, ToolPolicyReasons.ApprovalMissing);
        }

        if (check.Allowed && _evaluator.TryAcquire(toolName, state.Caller) is { } limited)
        {
            check = new ToolCheck(false, limited);
        }

        if (!check.Allowed)
        {
            return Deny(toolName, check.Reason, state);
        }

        _reporter.Report(ToolPolicyReasons.Allowed, ReportedName(toolName), check.Reason, state.Activity);
        return null;
    }

    private string Deny(string toolName, string reason, ToolPolicyRequestState state)
    {
        string name = ReportedName(toolName);
        _reporter.Report(ToolPolicyReasons.Denied, name, reason, state.Activity);
        if (_options.ThrowOnDenial)
        {
            state.Denial ??= new ToolCallDeniedException($"The call to tool '{name}' was denied by policy ({reason}).", reason) { ToolName = name };
        }

        return DenialText(reason);
    }

    private string DenialText(string reason) => _options.DenialText.Replace("{reason}", reason, StringComparison.Ordinal);

    /// <summary>Tool names come from the model: only listed names reach telemetry and the audit record.</summary>
    private string ReportedName(string toolName) =>
        _evaluator.IsListed(toolName) ? toolName : OtherTool;

    private static void ThrowIfDenied(ToolPolicyRequestState state)
    {
        if (state.Denial is { } denial)
        {
            state.Activity?.SetStatus(ActivityStatusCode.Error, denial.Reason);
            throw denial;
        }
    }

    private static Activity? StartActivity()
    {
        Activity? activity = CompliantTelemetry.ActivitySource.StartActivity(CompliantTelemetry.ToolPolicy.SpanName);
        activity?.SetTag(CompliantTelemetry.Tags.Stage, CompliantTelemetry.ToolPolicy.StageName);
        activity?.SetTag(CompliantTelemetry.Tags.GuardrailName, CompliantTelemetry.ToolPolicy.StageName);
        return activity;
    }

    private ChatOptions? WrapTools(ChatOptions? options, ToolPolicyRequestState state)
    {
        if (options?.Tools is not { Count: > 0 } tools)
        {
            return options;
        }

        ChatOptions copy = options.Clone();
        var wrapped = new List<AITool>(tools.Count);
        foreach (AITool tool in tools)
        {
            if (tool is not AIFunction function)
            {
                wrapped.Add(tool);
                continue;
            }

            bool hostApproval = function.GetService<ApprovalRequiredAIFunction>() is not null;
            if (hostApproval)
            {
                state.HostApprovalTools.Add(function.Name);
            }

            AIFunction enforced = new PolicyEnforcedFunction(function, this, state);
            wrapped.Add(hostApproval || _evaluator.MayNeedApproval(function.Name) ? new ApprovalRequiredAIFunction(enforced) : enforced);
        }

        copy.Tools = wrapped;
        return copy;
    }

    /// <summary>Reads the host's approval responses: approved ones are remembered for this request, expired ones turned into refusals.</summary>
    private List<ChatMessage> ReadApprovalResponses(IEnumerable<ChatMessage> messages, ToolPolicyRequestState state)
    {
        List<ChatMessage> list = [.. messages];
        HashSet<string>? answered = null;
        for (int i = 0; i < list.Count; i++)
        {
            ChatMessage message = list[i];
            List<AIContent>? contents = null;
            for (int c = 0; c < message.Contents.Count; c++)
            {
                if (message.Contents[c] is not ToolApprovalResponseContent { ToolCall: FunctionCallContent call } response)
                {
                    continue;
                }

                answered ??= [.. list.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => r.CallId)];
                if (answered.Contains(call.CallId))
                {
                    continue; // handled on an earlier turn
                }

                string name = ReportedName(call.Name);
                string approver = state.Caller.UserId ?? "_anonymous";
                if (!response.Approved)
                {
                    _reporter.Report(ToolPolicyReasons.DeniedByApprover, name, ToolPolicyReasons.DeniedByApprover, state.Activity, approver);
                    continue;
                }

                if (FindExpiry(list, response.RequestId) is { } expiresAt && _timeProvider.GetUtcNow() <= expiresAt)
                {
                    state.ApprovedCallIds[call.CallId] = true;
                    _reporter.Report(ToolPolicyReasons.Approved, name, ToolPolicyReasons.Approved, state.Activity, approver);
                    continue;
                }

                _reporter.Report(ToolPolicyReasons.Expired, name, ToolPolicyReasons.Expired, state.Activity, approver);
                contents ??= [.. message.Contents];
                contents[c] = new ToolApprovalResponseContent(response.RequestId, approved: false, call) { Reason = DenialText(ToolPolicyReasons.Expired) };
            }

            if (contents is not null)
            {
                ChatMessage copy = message.Clone();
                copy.Contents = contents;
                list[i] = copy;
            }
        }

        return list;
    }

    private static DateTimeOffset? FindExpiry(List<ChatMessage> messages, string requestId)
    {
        foreach (ChatMessage message in messages)
        {
            foreach (AIContent content in message.Contents)
            {
                if (content is ToolApprovalRequestContent request && request.RequestId == requestId &&
                    request.AdditionalProperties?.TryGetValue(ApprovalExpiresAtKey, out object? value) == true)
                {
                    string? text = value switch
                    {
                        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
                        string s => s,
                        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
                        _ => null,
                    };
                    return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset expiresAt) ? expiresAt : null;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Decides the approval requests in a response. Returns the message of answers when every request was decided in
    /// process (the caller then sends it on); <see langword="null"/> when there are none, or when some need the host
    /// (they are then stamped with their expiry and passed out).
    /// </summary>
    private async ValueTask<ChatMessage?> AnswerApprovalRequestsAsync(IList<ChatMessage> messages, ToolPolicyRequestState state, bool mayLoop, CancellationToken cancellationToken)
    {
        var pending = new List<(ToolApprovalRequestContent Request, FunctionCallContent Call, ToolCheck Check)>();
        foreach (ChatMessage message in messages)
        {
            foreach (AIContent content in message.Contents)
            {
                if (content is ToolApprovalRequestContent { ToolCall: FunctionCallContent call } request)
                {
                    ToolCheck check = _evaluator.Check(call.Name, call.Arguments, state.Caller, cancellationToken);
                    if (check.Allowed && check.ApprovalReason is null && state.HostApprovalTools.Contains(call.Name))
                    {
                        check = check with { ApprovalReason = ToolPolicyReasons.RequiresApproval };
                    }

                    pending.Add((request, call, check));
                }
            }
        }

        if (pending.Count == 0)
        {
            return null;
        }

        DateTimeOffset expiresAt = _timeProvider.GetUtcNow() + _options.ApprovalTimeout;
        if (!mayLoop || (_approver is null && pending.Any(p => p.Check is { Allowed: true, ApprovalReason: not null })))
        {
            foreach ((ToolApprovalRequestContent request, FunctionCallContent call, ToolCheck check) in pending)
            {
                request.AdditionalProperties ??= [];
                request.AdditionalProperties[ApprovalExpiresAtKey] = expiresAt.ToString("O", CultureInfo.InvariantCulture);
                if (check is { Allowed: true, ApprovalReason: { } why })
                {
                    _reporter.Report(ToolPolicyReasons.ApprovalRequired, ReportedName(call.Name), why, state.Activity);
                }
            }

            return null;
        }

        var answers = new List<AIContent>(pending.Count);
        foreach ((ToolApprovalRequestContent request, FunctionCallContent call, ToolCheck check) in pending)
        {
            string name = ReportedName(call.Name);
            if (!check.Allowed)
            {
                answers.Add(new ToolApprovalResponseContent(request.RequestId, approved: false, call) { Reason = Deny(call.Name, check.Reason, state) });
                ThrowIfDenied(state);
                continue;
            }

            if (check.ApprovalReason is not { } why)
            {
                answers.Add(new ToolApprovalResponseContent(request.RequestId, approved: true, call));
                continue;
            }

            _reporter.Report(ToolPolicyReasons.ApprovalRequired, name, why, state.Activity);
            (string outcome, string? approverId) = await AskApproverAsync(call, why, expiresAt, state, cancellationToken).ConfigureAwait(false);
            _reporter.Report(outcome, name, outcome, state.Activity, approverId);
            if (outcome == ToolPolicyReasons.Approved)
            {
                state.ApprovedCallIds[call.CallId] = true;
                answers.Add(new ToolApprovalResponseContent(request.RequestId, approved: true, call));
            }
            else
            {
                if (_options.ThrowOnDenial)
                {
                    state.Denial ??= new ToolCallDeniedException($"The call to tool '{name}' was not approved ({outcome}).", outcome) { ToolName = name };
                    ThrowIfDenied(state);
                }

                answers.Add(new ToolApprovalResponseContent(request.RequestId, approved: false, call) { Reason = DenialText(outcome) });
            }
        }

        return new ChatMessage(ChatRole.User, answers);
    }

    private async ValueTask<(string Outcome, string? ApproverId)> AskApproverAsync(FunctionCallContent call, string why, DateTimeOffset expiresAt, ToolPolicyRequestState state, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, object?> arguments = call.Arguments is null
            ? new Dictionary<string, object?>()
            : new Dictionary<string, object?>(call.Arguments, StringComparer.Ordinal);
        var request = new ToolApprovalRequest(call.Name, call.CallId, arguments, state.Caller, why, expiresAt);
        using var expiry = new CancellationTokenSource(_options.ApprovalTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        ToolApprovalDecision decision;
        try
        {
            decision = await _approver!.ApproveAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (ToolPolicyReasons.Expired, null);
        }

        Throw.IfNull(decision);
        return _timeProvider.GetUtcNow() > expiresAt ? (ToolPolicyReasons.Expired, decision.ApproverId)
            : decision.Approved ? (ToolPolicyReasons.Approved, decision.ApproverId)
            : (ToolPolicyReasons.DeniedByApprover, decision.ApproverId);
    }

    /// <summary>
    /// Checks calls the model proposed that nothing inside the stage handled (no result follows them): a denied one is
    /// marked informational in place, and its denial text returned as a result for the caller to append in a tool message.
    /// </summary>
    private List<AIContent>? CheckProposedCalls(IEnumerable<IList<AIContent>> contentLists, ToolPolicyRequestState state)
    {
        List<IList<AIContent>> lists = [.. contentLists];
        HashSet<string> handled = [.. lists.SelectMany(l => l).OfType<FunctionResultContent>().Select(r => r.CallId)];
        List<AIContent>? denials = null;
        foreach (IList<AIContent> contents in lists)
        {
            for (int c = 0; c < contents.Count; c++)
            {
                if (contents[c] is not FunctionCallContent { InformationalOnly: false } call || handled.Contains(call.CallId))
                {
                    continue;
                }

                ToolCheck check = _evaluator.Check(call.Name, call.Arguments, state.Caller);
                if (check.Allowed && (check.ApprovalReason is not null || state.HostApprovalTools.Contains(call.Name)))
                {
                    check = new ToolCheck(false, ToolPolicyReasons.ApprovalMissing); // the host runs it: no approval flow can hold it
                }

                if (check.Allowed && _evaluator.TryAcquire(call.Name, state.Caller) is { } limited)
                {
                    check = new ToolCheck(false, limited);
                }

                if (check.Allowed)
                {
                    _reporter.Report(ToolPolicyReasons.Allowed, ReportedName(call.Name), check.Reason, state.Activity);
                    continue;
                }

                string text = Deny(call.Name, check.Reason, state);
                ThrowIfDenied(state);
                contents[c] = new FunctionCallContent(call.CallId, call.Name, call.Arguments) { InformationalOnly = true };
                (denials ??= []).Add(new FunctionResultContent(call.CallId, text));
            }
        }

        return denials;
    }

    private static IEnumerable<ChatMessage> WithoutApprovalRequests(IEnumerable<ChatMessage> messages)
    {
        foreach (ChatMessage message in messages)
        {
            if (!message.Contents.Any(static c => c is ToolApprovalRequestContent))
            {
                yield return message;
                continue;
            }

            List<AIContent> rest = [.. message.Contents.Where(static c => c is not ToolApprovalRequestContent)];
            if (rest.Count > 0)
            {
                ChatMessage copy = message.Clone();
                copy.Contents = rest;
                yield return copy;
            }
        }
    }
}
