using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compliant.AI.Internal;
using Compliant.AI.PiiRedaction.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliant.AI;

/// <summary>
/// Pseudonymizes personal data in everything sent to the inner client and restores the values in what comes back.
/// </summary>
/// <remarks>
/// <para>
/// Outgoing: every message of the history (all roles), <see cref="ChatOptions.Instructions"/>, <see cref="TextContent"/>,
/// reasoning text, tool-call arguments (recursively, inside JSON too, and inside tool-approval requests and responses, whose
/// reason is redacted as well), function results and error messages are run through
/// the <see cref="IPiiDetector"/> and each entity is replaced by its type's operator (a placeholder such as
/// <c>&lt;PERSON_1&gt;</c> by default). Messages and options are cloned; the caller's objects are never changed. Binary
/// content (<see cref="DataContent"/>, <see cref="UriContent"/>) passes unchanged: keep images and files out of regulated flows.
/// </para>
/// <para>
/// Incoming: placeholders issued in this request's scope are replaced by their values in text and in tool-call arguments,
/// streaming or not. A streamed placeholder split across chunks is restored exactly once; at most one placeholder's length
/// of text (64 characters) is held back. Text that only looks like a placeholder (typed by a user, invented by the model or
/// issued in another conversation) is left as it is. When the response format is JSON, restored values are JSON-escaped.
/// </para>
/// <para>
/// The scope is the conversation (<see cref="ChatOptions.ConversationId"/>) by default, else the single request. Counts per
/// entity type (never values) go to <see cref="AuditScope.Current"/>, the <c>compliant_ai.pii.redacted</c> metric and the
/// <c>compliant_ai.pii_redaction</c> span. If redaction fails, nothing is sent and a <see cref="PiiRedactionException"/> is thrown.
/// </para>
/// <para>The client is thread-safe.</para>
/// </remarks>
public sealed class PiiRedactionChatClient : DelegatingChatClient, IQueryRedactor
{
    private readonly IPiiDetector _detector;
    private readonly PiiRedactionOptions _options;
    private readonly PiiAnonymizer _anonymizer;
    private readonly IPseudonymVault _vault;
    private readonly ILogger _logger;
    private readonly ICallerContextAccessor _callerAccessor;

    /// <summary>Initializes a new instance of the <see cref="PiiRedactionChatClient"/> class.</summary>
    /// <param name="innerClient">The client that only ever sees redacted messages.</param>
    /// <param name="detector">The PII detector.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="vault">The pseudonym vault; a new <see cref="InMemoryPseudonymVault"/> when <see langword="null"/>.</param>
    /// <param name="key">The key for the hash and encrypt operators; read from <see cref="PiiRedactionOptions.KeyEnvironmentVariable"/> when needed and <see langword="null"/>.</param>
    /// <param name="logger">The logger; counts and types only are logged.</param>
    /// <param name="callerAccessor">
    /// The ambient caller accessor through which stages inside this one (budgets, for example) still see the per-call caller
    /// after it is removed from the options; a <see cref="CallerContextAccessor"/> when <see langword="null"/>.
    /// </param>
    /// <exception cref="InvalidOperationException">A hash or encrypt operator is configured but no key is available.</exception>
    public PiiRedactionChatClient(IChatClient innerClient, IPiiDetector detector, PiiRedactionOptions? options = null, IPseudonymVault? vault = null, PiiKey? key = null, ILogger? logger = null, ICallerContextAccessor? callerAccessor = null)
        : base(innerClient)
    {
        _detector = Throw.IfNull(detector);
        _options = StageOptions.Freeze(options, static o => o.Clone(), PiiRedactionOptionsValidation.Instance);
        if (key is null && _options.RequiresKey())
        {
            key = PiiKey.FromEnvironment(_options.KeyEnvironmentVariable);
        }

        _anonymizer = new PiiAnonymizer(_options, key);
        _vault = vault ?? new InMemoryPseudonymVault(null, _options.VaultExpiry, _options.VaultMaxScopes, _options.VaultMaxEntriesPerScope);
        _logger = logger ?? NullLogger.Instance;
        _callerAccessor = callerAccessor ?? new CallerContextAccessor();
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        using RedactionSession session = OpenSession(options);
        (List<ChatMessage> redacted, ChatOptions? redactedOptions) = await RedactRequestAsync(messages, options, session, cancellationToken).ConfigureAwait(false);
        MakeCallerAmbient(options);
        ChatResponse response = await base.GetResponseAsync(redacted, redactedOptions, cancellationToken).ConfigureAwait(false);
        RestoreConversationId(response, options, redactedOptions);
        if (!_options.Restore)
        {
            return response;
        }

        ChatResponse restored = await RestoreResponseAsync(response, session, RedactionSession.IsJson(options), cancellationToken).ConfigureAwait(false);
        RecordRestored(session);
        return restored;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        using RedactionSession session = OpenSession(options);
        (List<ChatMessage> redacted, ChatOptions? redactedOptions) = await RedactRequestAsync(messages, options, session, cancellationToken).ConfigureAwait(false);

        // Each MoveNextAsync runs on the consumer's execution context: make the caller ambient again before every step.
        MakeCallerAmbient(options);
        if (!_options.Restore)
        {
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(redacted, redactedOptions, cancellationToken).ConfigureAwait(false))
            {
                RestoreConversationId(update, options, redactedOptions);
                yield return update;
                MakeCallerAmbient(options);
            }

            yield break;
        }

        var restorer = new PlaceholderRestorer(session.LookupAsync, RedactionSession.IsJson(options));
        string? messageId = null;
        string? responseId = null;
        ChatRole? role = null;
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(redacted, redactedOptions, cancellationToken).ConfigureAwait(false))
        {
            if (restorer.HasPending && update.MessageId is not null && messageId is not null && !string.Equals(update.MessageId, messageId, StringComparison.Ordinal))
            {
                // A new message starts: release the previous message's held-back tail first.
                yield return new ChatResponseUpdate(role ?? ChatRole.Assistant, restorer.Flush()) { MessageId = messageId, ResponseId = responseId };
                MakeCallerAmbient(options);
            }

            messageId = update.MessageId ?? messageId;
            responseId = update.ResponseId ?? responseId;
            role = update.Role ?? role;
            ChatResponseUpdate restored = await RestoreUpdateAsync(update, restorer, session, cancellationToken).ConfigureAwait(false);
            RestoreConversationId(restored, options, redactedOptions);
            yield return restored;
            MakeCallerAmbient(options);
        }

        string tail = restorer.Flush();
        if (tail.Length > 0)
        {
            yield return new ChatResponseUpdate(role ?? ChatRole.Assistant, tail) { MessageId = messageId, ResponseId = responseId };
        }

        session.Restored += restorer.RestoredCount;
        RecordRestored(session);
    }

    private RedactionSession OpenSession(ChatOptions? options)
    {
        Activity? activity = CompliantTelemetry.ActivitySource.HasListeners()
            ? CompliantTelemetry.ActivitySource.StartActivity(CompliantTelemetry.Spans.PiiRedaction)
            : null;
        activity?.SetTag(CompliantTelemetry.Tags.Stage, CompliantTelemetry.PiiRedaction.StageName);
        activity?.SetTag(CompliantTelemetry.Tags.GuardrailName, CompliantTelemetry.PiiRedaction.StageName);

        if (_options.Scope == PiiRedactionScope.Conversation && options?.ConversationId is { Length: > 0 } conversationId)
        {
            activity?.SetTag(CompliantTelemetry.PiiRedaction.ScopeKindTag, "conversation");
            return new RedactionSession(_vault, conversationId, conversationScoped: true)
            {
                Activity = activity,
                Lease = (_vault as IScopeLeasingVault)?.Acquire(conversationId),
            };
        }

        activity?.SetTag(CompliantTelemetry.PiiRedaction.ScopeKindTag, "request");
        return new RedactionSession(new TablePseudonymVault(_options.VaultMaxEntriesPerScope), string.Empty, conversationScoped: false) { Activity = activity };
    }

    private async Task<(List<ChatMessage> Messages, ChatOptions? Options)> RedactRequestAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, RedactionSession session, CancellationToken cancellationToken)
    {
        List<ChatMessage> redacted;
        ChatOptions? redactedOptions = options;
        try
        {
            redacted = [];
            foreach (ChatMessage message in messages)
            {
                redacted.Add(await RedactMessageAsync(message, session, cancellationToken).ConfigureAwait(false));
            }

            if (options is not null)
            {
                redactedOptions = await RedactOptionsAsync(options, session, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not PiiRedactionException)
        {
            // Never pass the original exception on: detector errors such as RegexMatchTimeoutException carry the input.
            PiiRedactionLog.RedactionFailed(_logger, ex.GetType().Name);
            session.Activity?.SetTag(CompliantTelemetry.Tags.ErrorType, ex.GetType().Name);
            throw new PiiRedactionException($"PII redaction failed ({ex.GetType().Name}); the request was not sent.");
        }

        RecordRedacted(session);
        return (redacted, redactedOptions);
    }

    /// <summary>Pseudonymizes a question for a retriever with this stage's detector, operators and vault scope (used by grounding).</summary>
    /// <remarks>In conversation scope the placeholders are the ones the model will see; in request scope they come from a table of their own.</remarks>
    async ValueTask<string> IQueryRedactor.RedactQueryAsync(string question, ChatOptions? options, CancellationToken cancellationToken)
    {
        using RedactionSession session = OpenSession(options);
        try
        {
            return await RedactTextAsync(question, session, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not PiiRedactionException)
        {
            PiiRedactionLog.RedactionFailed(_logger, ex.GetType().Name);
            throw new PiiRedactionException($"PII redaction of the retrieval query failed ({ex.GetType().Name}); nothing was sent to the retriever.");
        }
    }

    /// <summary>
    /// Clones the options with every text a user can reach redacted: instructions, the conversation id, the JSON schema's
    /// description, and additional properties (the caller removed, per <see cref="RedactPropertiesAsync"/>).
    /// </summary>
    private async ValueTask<ChatOptions> RedactOptionsAsync(ChatOptions options, RedactionSession session, CancellationToken cancellationToken)
    {
        ChatOptions clone = options.Clone();
        if (options.Instructions is { Length: > 0 } instructions)
        {
            clone.Instructions = await RedactTextAsync(instructions, session, cancellationToken).ConfigureAwait(false);
        }

        if (options.ConversationId is { Length: > 0 } conversationId)
        {
            clone.ConversationId = await RedactTextAsync(conversationId, session, cancellationToken).ConfigureAwait(false);
        }

        if (options.ResponseFormat is ChatResponseFormatJson { SchemaDescription: { Length: > 0 } description } json)
        {
            clone.ResponseFormat = new ChatResponseFormatJson(json.Schema, json.SchemaName, await RedactTextAsync(description, session, cancellationToken).ConfigureAwait(false));
        }

        clone.AdditionalProperties = await RedactPropertiesAsync(options.AdditionalProperties, session, cancellationToken).ConfigureAwait(false);
        return clone;
    }

    /// <summary>
    /// Applies the additional-properties policy: the caller (<see cref="CallerContext"/>, under any key) is removed; strings
    /// are redacted as text; numbers, JSON, dictionaries and lists are rewritten like tool arguments (keys and identifier
    /// numbers included); <see langword="null"/> and booleans pass; values of any other type are dropped, because they
    /// cannot be inspected. Keys are developer-chosen names and pass unchanged.
    /// </summary>
    private async ValueTask<AdditionalPropertiesDictionary?> RedactPropertiesAsync(AdditionalPropertiesDictionary? properties, RedactionSession session, CancellationToken cancellationToken)
    {
        if (properties is null)
        {
            return null;
        }

        var copy = new AdditionalPropertiesDictionary();
        foreach (KeyValuePair<string, object?> pair in properties)
        {
            switch (pair.Value)
            {
                case null:
                case bool:
                    copy[pair.Key] = pair.Value;
                    break;
                case string text:
                    copy[pair.Key] = await RedactTextAsync(text, session, cancellationToken).ConfigureAwait(false);
                    break;
                case JsonElement or JsonNode or System.Collections.IDictionary or IDictionary<string, object?> or System.Collections.IList
                    or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal:
                    copy[pair.Key] = await StructuredValueRewriter.RewriteValueAsync(pair.Value, (s, ct) => RedactTextAsync(s, session, ct), cancellationToken, pair.Key).ConfigureAwait(false);
                    break;
                default:
                    // CallerContext and any type this stage cannot inspect.
                    session.DroppedProperties++;
                    break;
            }
        }

        return copy;
    }

    private void MakeCallerAmbient(ChatOptions? options)
    {
        if (options?.AdditionalProperties is { } properties
            && properties.TryGetValue(CallerContext.AdditionalPropertiesKey, out object? value)
            && value is CallerContext caller)
        {
            _callerAccessor.Current = caller;
        }
    }

    private static void RestoreConversationId(ChatResponse response, ChatOptions? options, ChatOptions? redactedOptions)
    {
        if (options?.ConversationId is { } original && redactedOptions?.ConversationId is { } sent && !ReferenceEquals(original, sent)
            && string.Equals(response.ConversationId, sent, StringComparison.Ordinal))
        {
            response.ConversationId = original;
        }
    }

    private static void RestoreConversationId(ChatResponseUpdate update, ChatOptions? options, ChatOptions? redactedOptions)
    {
        if (options?.ConversationId is { } original && redactedOptions?.ConversationId is { } sent && !ReferenceEquals(original, sent)
            && string.Equals(update.ConversationId, sent, StringComparison.Ordinal))
        {
            update.ConversationId = original;
        }
    }

    private async ValueTask<ChatMessage> RedactMessageAsync(ChatMessage message, RedactionSession session, CancellationToken cancellationToken)
    {
        var contents = new List<AIContent>(message.Contents.Count);
        foreach (AIContent content in message.Contents)
        {
            contents.Add(await RedactContentAsync(content, session, cancellationToken).ConfigureAwait(false));
        }

        return new ChatMessage(message.Role, contents)
        {
            AuthorName = message.AuthorName is { Length: > 0 } author ? await RedactTextAsync(author, session, cancellationToken).ConfigureAwait(false) : message.AuthorName,
            MessageId = message.MessageId,
            CreatedAt = message.CreatedAt,
            AdditionalProperties = await RedactPropertiesAsync(message.AdditionalProperties, session, cancellationToken).ConfigureAwait(false),
        };
    }

    private async ValueTask<AIContent> RedactContentAsync(AIContent content, RedactionSession session, CancellationToken cancellationToken)
    {
        AdditionalPropertiesDictionary? properties = await RedactPropertiesAsync(content.AdditionalProperties, session, cancellationToken).ConfigureAwait(false);
        switch (content)
        {
            case TextContent text:
                return new TextContent(await RedactTextAsync(text.Text, session, cancellationToken).ConfigureAwait(false))
                {
                    AdditionalProperties = properties,
                };
            case TextReasoningContent reasoning:
                return new TextReasoningContent(await RedactTextAsync(reasoning.Text, session, cancellationToken).ConfigureAwait(false))
                {
                    ProtectedData = reasoning.ProtectedData,
                    AdditionalProperties = properties,
                };
            case FunctionCallContent call:
                return new FunctionCallContent(call.CallId, call.Name, await StructuredValueRewriter.RewriteArgumentsAsync(call.Arguments, (s, ct) => RedactTextAsync(s, session, ct), cancellationToken).ConfigureAwait(false))
                {
                    InformationalOnly = call.InformationalOnly,
                    AdditionalProperties = properties,
                };
            case FunctionResultContent result:
                return new FunctionResultContent(result.CallId, await StructuredValueRewriter.RewriteValueAsync(result.Result, (s, ct) => RedactTextAsync(s, session, ct), cancellationToken).ConfigureAwait(false))
                {
                    AdditionalProperties = properties,
                };
            case ErrorContent error:
                return new ErrorContent(await RedactTextAsync(error.Message, session, cancellationToken).ConfigureAwait(false))
                {
                    ErrorCode = error.ErrorCode,
                    AdditionalProperties = properties,
                };
            case ToolApprovalRequestContent request:
                return new ToolApprovalRequestContent(request.RequestId, (ToolCallContent)await RedactContentAsync(request.ToolCall, session, cancellationToken).ConfigureAwait(false))
                {
#pragma warning disable MEAI001 // experimental in Microsoft.Extensions.AI 11.0; kept so a notice does not become a request
                    RequiresConfirmation = request.RequiresConfirmation,
#pragma warning restore MEAI001
                    AdditionalProperties = properties,
                };
            case ToolApprovalResponseContent response:
                return new ToolApprovalResponseContent(response.RequestId, response.Approved, (ToolCallContent)await RedactContentAsync(response.ToolCall, session, cancellationToken).ConfigureAwait(false))
                {
                    Reason = response.Reason is null ? null : await RedactTextAsync(response.Reason, session, cancellationToken).ConfigureAwait(false),
                    AdditionalProperties = properties,
                };
            case DataContent data when TextAttachment.IsText(data.MediaType):
                return await RedactTextAttachmentAsync(data, properties, session, cancellationToken).ConfigureAwait(false);
            case DataContent data when data.AdditionalProperties is not null:
                // Binary content passes as it is, but never with the caller's unredacted properties.
                return new DataContent(data.Data, data.MediaType) { Name = data.Name, AdditionalProperties = properties };
            case UriContent uri when uri.AdditionalProperties is not null:
                return new UriContent(uri.Uri, uri.MediaType) { AdditionalProperties = properties };
            default:
                return content;
        }
    }

    /// <summary>Redacts a text attachment (<c>text/*</c>, JSON, XML): JSON through the structured rewriter (keys and numbers too), anything else as text.</summary>
    private async ValueTask<AIContent> RedactTextAttachmentAsync(DataContent data, AdditionalPropertiesDictionary? properties, RedactionSession session, CancellationToken cancellationToken)
    {
        string text = TextAttachment.Decode(data.Data.Span);
        string redacted;
        if (TextAttachment.IsJson(data.MediaType) && TextAttachment.TryParseJson(text, out JsonElement document))
        {
            redacted = await StructuredValueRewriter.RewriteJsonTextAsync(document, (s, ct) => RedactTextAsync(s, session, ct), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            redacted = await RedactTextAsync(text, session, cancellationToken).ConfigureAwait(false);
        }

        return new DataContent(System.Text.Encoding.UTF8.GetBytes(redacted), data.MediaType)
        {
            Name = data.Name is { Length: > 0 } name ? await RedactTextAsync(name, session, cancellationToken).ConfigureAwait(false) : data.Name,
            AdditionalProperties = properties,
        };
    }

    private async ValueTask<string> RedactTextAsync(string? text, RedactionSession session, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        IReadOnlyList<PiiEntity> entities = _detector.Detect(text, cancellationToken);
        string rewritten = text;
        List<int>? issuedStarts = null;
        if (entities.Count > 0)
        {
            IReadOnlyList<PiiEntity> ordered = PiiAnonymizer.Validate(text, entities);
            var replacements = new string[ordered.Count];
            var issued = new bool[ordered.Count];
            string?[]? batched = await IssueInOneCallAsync(text, ordered, session, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < ordered.Count; i++)
            {
                PiiEntity entity = ordered[i];
                string value = text[entity.Start..entity.End];
                PiiOperatorKind op = _options.GetOperator(entity.Type);
                issued[i] = op == PiiOperatorKind.Placeholder;
                replacements[i] = issued[i]
                    ? batched?[i] ?? await session.Vault.GetOrAddPseudonymAsync(session.Scope, entity.Type, value, cancellationToken).ConfigureAwait(false)
                    : _anonymizer.Apply(op, entity.Type, value);
                session.Count(entity.Type);
            }

            rewritten = PiiAnonymizer.Rewrite(text, ordered, replacements, issued, out issuedStarts);
        }

        return await EscapeLiteralsAsync(rewritten, issuedStarts, session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Issues the placeholders of all <paramref name="ordered"/> entities in one vault call (one round trip) when the vault
    /// can batch and there are several; <see langword="null"/> otherwise. Indexed like <paramref name="ordered"/>, with
    /// <see langword="null"/> for entities another operator handles.
    /// </summary>
    private async ValueTask<string?[]?> IssueInOneCallAsync(string text, IReadOnlyList<PiiEntity> ordered, RedactionSession session, CancellationToken cancellationToken)
    {
        if (session.Vault is not IBatchPseudonymVault batch || ordered.Count < 2)
        {
            return null;
        }

        var entries = new List<(string EntityType, string Value)>(ordered.Count);
        var index = new int[ordered.Count];
        for (int i = 0; i < ordered.Count; i++)
        {
            PiiEntity entity = ordered[i];
            index[i] = _options.GetOperator(entity.Type) == PiiOperatorKind.Placeholder ? entries.Count : -1;
            if (index[i] >= 0)
            {
                entries.Add((entity.Type, text[entity.Start..entity.End]));
            }
        }

        if (entries.Count < 2)
        {
            return null;
        }

        string[] placeholders = await batch.GetOrAddPseudonymsAsync(session.Scope, entries, cancellationToken).ConfigureAwait(false);
        var result = new string?[ordered.Count];
        for (int i = 0; i < ordered.Count; i++)
        {
            result[i] = index[i] >= 0 ? placeholders[index[i]] : null;
        }

        return result;
    }

    /// <summary>
    /// Renumbers placeholder-like text the vault did not issue here (typed by a user, planted in a passage or tool result,
    /// left by another de-identification) as a value of its own, so only the vault's placeholders reach the model and a
    /// literal is restored to itself, never to someone's value.
    /// </summary>
    private static async ValueTask<string> EscapeLiteralsAsync(string text, List<int>? issuedStarts, RedactionSession session, CancellationToken cancellationToken)
    {
        if (!text.Contains('<', StringComparison.Ordinal) || PlaceholderEscaper.FindLiterals(text, issuedStarts) is not { } literals)
        {
            return text;
        }

        var replacements = new string[literals.Count];
        for (int i = 0; i < literals.Count; i++)
        {
            string literal = text.Substring(literals[i].Start, literals[i].Length);
            replacements[i] = await session.Vault.GetOrAddPseudonymAsync(session.Scope, PlaceholderEscaper.TypeOf(literal), literal, cancellationToken).ConfigureAwait(false);
        }

        session.Escaped += literals.Count;
        return PlaceholderEscaper.Replace(text, literals, replacements);
    }

    private static async Task<ChatResponse> RestoreResponseAsync(ChatResponse response, RedactionSession session, bool json, CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage>(response.Messages.Count);
        foreach (ChatMessage message in response.Messages)
        {
            var contents = new List<AIContent>(message.Contents.Count);
            foreach (AIContent content in message.Contents)
            {
                contents.Add(await RestoreContentAsync(content, session, json, cancellationToken).ConfigureAwait(false));
            }

            messages.Add(new ChatMessage(message.Role, contents)
            {
                AuthorName = message.AuthorName,
                MessageId = message.MessageId,
                CreatedAt = message.CreatedAt,
                AdditionalProperties = message.AdditionalProperties,
                RawRepresentation = message.RawRepresentation,
            });
        }

        return ChatResponseCopy.WithMessages(response, messages);
    }

    private static async ValueTask<AIContent> RestoreContentAsync(AIContent content, RedactionSession session, bool json, CancellationToken cancellationToken)
    {
        switch (content)
        {
            case TextContent text when text.Text.Contains('<', StringComparison.Ordinal):
                await session.PrefetchAsync(text.Text, cancellationToken).ConfigureAwait(false);
                var restorer = new PlaceholderRestorer(session.LookupAsync, json);
                string restored = await restorer.RestoreAllAsync(text.Text, cancellationToken).ConfigureAwait(false);
                session.Restored += restorer.RestoredCount;
                return new TextContent(restored) { AdditionalProperties = text.AdditionalProperties, Annotations = text.Annotations, RawRepresentation = text.RawRepresentation };
            case FunctionCallContent call when call.Arguments is { Count: > 0 }:
                return new FunctionCallContent(call.CallId, call.Name, await StructuredValueRewriter.RewriteArgumentsAsync(call.Arguments, (s, ct) => RestoreArgumentAsync(s, session, ct), cancellationToken).ConfigureAwait(false))
                {
                    InformationalOnly = call.InformationalOnly,
                    AdditionalProperties = call.AdditionalProperties,
                    RawRepresentation = call.RawRepresentation,
                };
            default:
                return content;
        }
    }

    private static async ValueTask<string> RestoreArgumentAsync(string text, RedactionSession session, CancellationToken cancellationToken)
    {
        if (!text.Contains('<', StringComparison.Ordinal))
        {
            return text;
        }

        // Argument values are plain strings here; the JSON writer escapes them when the arguments are serialized.
        await session.PrefetchAsync(text, cancellationToken).ConfigureAwait(false);
        var restorer = new PlaceholderRestorer(session.LookupAsync, jsonEscape: false);
        string restored = await restorer.RestoreAllAsync(text, cancellationToken).ConfigureAwait(false);
        session.Restored += restorer.RestoredCount;
        return restored;
    }

    private static async ValueTask<ChatResponseUpdate> RestoreUpdateAsync(ChatResponseUpdate update, PlaceholderRestorer restorer, RedactionSession session, CancellationToken cancellationToken)
    {
        bool changes = restorer.HasPending;
        foreach (AIContent content in update.Contents)
        {
            if (content is TextContent { Text: var t } && t.Contains('<', StringComparison.Ordinal) || content is FunctionCallContent { Arguments.Count: > 0 })
            {
                changes = true;
                break;
            }
        }

        if (!changes)
        {
            return update;
        }

        var contents = new List<AIContent>(update.Contents.Count);
        foreach (AIContent content in update.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    await session.PrefetchAsync(text.Text, cancellationToken).ConfigureAwait(false);
                    string restored = await restorer.PushAsync(text.Text, cancellationToken).ConfigureAwait(false);
                    if (restored.Length > 0)
                    {
                        contents.Add(new TextContent(restored) { AdditionalProperties = text.AdditionalProperties, Annotations = text.Annotations });
                    }

                    break;
                case FunctionCallContent call:
                    contents.Add(new FunctionCallContent(call.CallId, call.Name, await StructuredValueRewriter.RewriteArgumentsAsync(call.Arguments, (s, ct) => RestoreArgumentAsync(s, session, ct), cancellationToken).ConfigureAwait(false))
                    {
                        InformationalOnly = call.InformationalOnly,
                        AdditionalProperties = call.AdditionalProperties,
                    });
                    break;
                default:
                    contents.Add(content);
                    break;
            }
        }

        ChatResponseUpdate clone = update.Clone();
        clone.Contents = contents;
        clone.RawRepresentation = null;
        return clone;
    }

    private void RecordRedacted(RedactionSession session)
    {
        Activity? activity = session.Activity;
        activity?.SetTag(CompliantTelemetry.PiiRedaction.RedactedCountTag, session.Total);
        if (session.Escaped > 0)
        {
            activity?.SetTag(CompliantTelemetry.PiiRedaction.EscapedCountTag, session.Escaped);
            AuditScope.Current?.Increment(CompliantTelemetry.PiiRedaction.AuditEscapedCounter, session.Escaped);
        }

        if (session.DroppedProperties > 0)
        {
            activity?.SetTag(CompliantTelemetry.PiiRedaction.DroppedPropertiesTag, session.DroppedProperties);
        }

        if (session.Total == 0)
        {
            // The hot path: nothing to redact. The span says so; no audit verdict (the record stays as it was).
            StageReporter.Report(new StageEvent(CompliantTelemetry.PiiRedaction.StageName, AuditDecision.Allow, CompliantTelemetry.PiiRedaction.NothingRedactedReason) { Audited = false }, activity, _logger);
            return;
        }

        activity?.SetTag(CompliantTelemetry.PiiRedaction.EntityTypesTag, string.Join(",", session.Counts.Keys.Order(StringComparer.Ordinal)));
        if (CompliantTelemetry.PiiRedaction.Redacted.Enabled)
        {
            foreach (KeyValuePair<string, int> pair in session.Counts)
            {
                CompliantTelemetry.PiiRedaction.Redacted.Add(pair.Value, new KeyValuePair<string, object?>(CompliantTelemetry.Tags.EntityType, pair.Key));
            }
        }

        StageReporter.Report(
            new StageEvent(CompliantTelemetry.PiiRedaction.StageName, AuditDecision.Modify, CompliantTelemetry.PiiRedaction.RedactedReason)
            {
                Counts = session.Counts,
                CountPrefix = CompliantTelemetry.PiiRedaction.AuditCounterPrefix,
            },
            activity,
            _logger);
    }

    private void RecordRestored(RedactionSession session)
    {
        if (session.Restored == 0)
        {
            return;
        }

        CompliantTelemetry.PiiRedaction.Restored.Add(session.Restored);
        AuditScope.Current?.Increment(CompliantTelemetry.PiiRedaction.AuditRestoredCounter, session.Restored);
        PiiRedactionLog.Restored(_logger, session.Restored);
    }
}
