using Microsoft.Extensions.AI;

namespace Compliant.AI.Internal;

/// <summary>Copies a <see cref="ChatResponse"/> around new messages, so that a stage that rewrites the answer keeps every other property.</summary>
/// <remarks>
/// The one place that lists <see cref="ChatResponse"/>'s properties: <c>ChatResponseCopyTests</c> reflects over the type and
/// fails when Microsoft.Extensions.AI adds a settable property that is not copied here. The copy is shallow: the
/// <see cref="ChatResponse.AdditionalProperties"/>, <see cref="ChatResponse.Usage"/> and raw representation objects are shared.
/// </remarks>
internal static class ChatResponseCopy
{
    /// <summary>Returns a new response that holds <paramref name="messages"/> and every other property of <paramref name="source"/>.</summary>
    public static ChatResponse WithMessages(ChatResponse source, IList<ChatMessage> messages) =>
        new(messages)
        {
            ResponseId = source.ResponseId,
            ConversationId = source.ConversationId,
            ModelId = source.ModelId,
            CreatedAt = source.CreatedAt,
            FinishReason = source.FinishReason,
            Usage = source.Usage,
#pragma warning disable MEAI001 // Background responses are experimental in Microsoft.Extensions.AI; a rewritten answer must not lose its token.
            ContinuationToken = source.ContinuationToken,
#pragma warning restore MEAI001
            AdditionalProperties = source.AdditionalProperties,
            RawRepresentation = source.RawRepresentation,
        };
}
