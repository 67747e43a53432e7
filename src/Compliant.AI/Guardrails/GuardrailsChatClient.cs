using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Compliant.AI.Guardrails.Internal;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliant.AI;

/// <summary>A chat client stage that checks the user's turn and every tool result for prompt injection before the model sees them.</summary>
/// <remarks>
/// <para>
/// The last user message is checked as <see cref="PromptInjectionSource.User"/>; a flagged one is refused with a
/// <see cref="PromptInjectionRejectedException"/> (or only recorded, per <see cref="GuardrailsOptions.UserAction"/>).
/// Every <see cref="FunctionResultContent"/> in the messages is checked as <see cref="PromptInjectionSource.Tool"/> and
/// blocked, withheld (replaced by <see cref="GuardrailsOptions.WithheldToolResultText"/>) or recorded, per
/// <see cref="GuardrailsOptions.ToolAction"/>. Retrieved passages are checked where the grounding stage gets them: the
/// registered <see cref="IRetriever"/> is decorated by <c>AddGuardrails()</c>. With spotlighting on, the stage adds a
/// system instruction that tells the model how datamarked text reads.
/// </para>
/// <para>
/// Streaming and non-streaming calls are checked alike, before the inner client is called. Verdicts, scores, signal
/// names and the ids of flagged passages and tool calls (never content) go to the audit record, the span and the metrics. The caller's messages are never mutated.
/// The instance is thread-safe.
/// </para>
/// </remarks>
public sealed class GuardrailsChatClient : DelegatingChatClient
{
    private readonly GuardrailsScreen _screen;
    private readonly bool _passagesSpotlighted;

    /// <summary>Initializes a new instance of the <see cref="GuardrailsChatClient"/> class.</summary>
    /// <param name="innerClient">The client the checked request goes to.</param>
    /// <param name="detector">The prompt-injection detector.</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults. They are copied and validated.</param>
    /// <param name="logger">The logger; it receives sources, actions, scores, signal names and the ids of flagged passages and tool calls only.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public GuardrailsChatClient(IChatClient innerClient, IPromptInjectionDetector detector, GuardrailsOptions? options = null, ILogger? logger = null)
        : this(innerClient, detector, options, logger, passagesSpotlighted: false)
    {
    }

    internal GuardrailsChatClient(IChatClient innerClient, IPromptInjectionDetector detector, GuardrailsOptions? options, ILogger? logger, bool passagesSpotlighted)
        : base(innerClient)
    {
        Throw.IfNull(detector);
        GuardrailsOptions copy = StageOptions.Freeze(options, static o => o.Clone(), GuardrailsOptionsValidator.Instance);
        _screen = new GuardrailsScreen(detector, copy, logger ?? NullLogger.Instance);
        _passagesSpotlighted = passagesSpotlighted && copy.SpotlightPassages;
    }

    /// <inheritdoc />
    /// <exception cref="PromptInjectionRejectedException">The user's turn or a tool result was flagged and its action is <see cref="GuardrailAction.Block"/>.</exception>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        IEnumerable<ChatMessage> checkedMessages = Check(messages, cancellationToken);
        return await InnerClient.GetResponseAsync(checkedMessages, options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="PromptInjectionRejectedException">The user's turn or a tool result was flagged and its action is <see cref="GuardrailAction.Block"/>; thrown before the first update.</exception>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        IEnumerable<ChatMessage> checkedMessages = Check(messages, cancellationToken);
        await foreach (ChatResponseUpdate update in InnerClient.GetStreamingResponseAsync(checkedMessages, options, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    private List<ChatMessage> Check(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using Activity? activity = CompliantTelemetry.ActivitySource.StartActivity(CompliantTelemetry.Guardrails.SpanName);
        activity?.SetTag(CompliantTelemetry.Tags.Stage, CompliantTelemetry.Guardrails.StageName);
        List<ChatMessage> list = [.. messages];
        GuardrailsOptions options = _screen.Options;
        bool userFlagged = false;

        for (int i = list.Count - 1; i >= 0; i--)
        {
            if (list[i].Role == ChatRole.User)
            {
                string text = list[i].Text;
                if (!string.IsNullOrWhiteSpace(text))
                {
                    ScreenVerdict verdict = _screen.Check(text, PromptInjectionSource.User, activity, cancellationToken);
                    userFlagged = verdict.Result.Flagged;
                    if (verdict.Result.Flagged && verdict.Action == GuardrailAction.Block)
                    {
                        throw GuardrailsScreen.Reject(PromptInjectionSource.User, verdict.Result, activity);
                    }
                }

                break;
            }
        }

        bool anyToolResult = false;
        FlaggedIds? flagged = null;
        try
        {
            CheckToolResults(list, activity, ref anyToolResult, ref flagged, cancellationToken);
        }
        finally
        {
            // One verdict per request for its tool results, naming every flagged call (also when a blocked one ended the check).
            if (flagged is not null)
            {
                _screen.RecordVerdict(flagged, options.ToolAction, activity);
            }
        }

        if (_passagesSpotlighted || (options.SpotlightToolResults && anyToolResult))
        {
            int insertAt = 0;
            while (insertAt < list.Count && list[insertAt].Role == ChatRole.System)
            {
                insertAt++;
            }

            list.Insert(insertAt, new ChatMessage(ChatRole.System, options.SpotlightInstruction.Replace("{marker}", options.SpotlightMarker, StringComparison.Ordinal)));
        }

        if (!userFlagged && flagged is null)
        {
            _screen.RecordClean(activity);
        }

        return list;
    }

    private void CheckToolResults(List<ChatMessage> list, Activity? activity, ref bool anyToolResult, ref FlaggedIds? flagged, CancellationToken cancellationToken)
    {
        GuardrailsOptions options = _screen.Options;
        for (int i = 0; i < list.Count; i++)
        {
            ChatMessage message = list[i];
            List<AIContent>? contents = null;
            for (int c = 0; c < message.Contents.Count; c++)
            {
                if (message.Contents[c] is not FunctionResultContent result || ResultText(result.Result) is not { Length: > 0 } text)
                {
                    continue;
                }

                anyToolResult = true;
                var origin = new FlaggedOrigin(FunctionName: FunctionName(list, i, result.CallId), CallId: result.CallId);
                ScreenVerdict verdict = _screen.Check(text, PromptInjectionSource.Tool, activity, cancellationToken, origin);
                if (verdict.Result.Flagged)
                {
                    (flagged ??= new FlaggedIds(PromptInjectionSource.Tool)).Add(origin);
                }

                FunctionResultContent? replacement = null;
                if (verdict.Result.Flagged && verdict.Action == GuardrailAction.Block)
                {
                    throw GuardrailsScreen.Reject(PromptInjectionSource.Tool, verdict.Result, activity);
                }

                if (verdict.Result.Flagged && verdict.Action == GuardrailAction.Drop)
                {
                    replacement = new FunctionResultContent(result.CallId, options.WithheldToolResultText);
                }
                else if (options.SpotlightToolResults)
                {
                    replacement = new FunctionResultContent(result.CallId, Spotlight.Mark(text, options.SpotlightMarker));
                }

                if (replacement is not null)
                {
                    contents ??= [.. message.Contents];
                    contents[c] = replacement;
                }
            }

            if (contents is not null)
            {
                ChatMessage copy = message.Clone();
                copy.Contents = contents;
                list[i] = copy;
            }
        }
    }

    /// <summary>The name of the function whose call <paramref name="callId"/> the result answers: the latest earlier <see cref="FunctionCallContent"/> with that id.</summary>
    private static string? FunctionName(List<ChatMessage> list, int resultIndex, string? callId)
    {
        if (string.IsNullOrEmpty(callId))
        {
            return null;
        }

        for (int i = Math.Min(resultIndex, list.Count - 1); i >= 0; i--)
        {
            foreach (AIContent content in list[i].Contents)
            {
                if (content is FunctionCallContent call && string.Equals(call.CallId, callId, StringComparison.Ordinal))
                {
                    return call.Name;
                }
            }
        }

        return null;
    }

    private static string? ResultText(object? result) => result switch
    {
        null => null,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement e => e.GetRawText(),
        TextContent t => t.Text,
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object))),
    };
}
