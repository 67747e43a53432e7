namespace Compliant.AI;

/// <summary>Which requests share one set of pseudonyms.</summary>
public enum PiiRedactionScope
{
    /// <summary>
    /// Requests with the same <see cref="Microsoft.Extensions.AI.ChatOptions.ConversationId"/> share pseudonyms; a request
    /// without a conversation id gets its own scope.
    /// </summary>
    Conversation,

    /// <summary>Every request has its own scope, even within one conversation.</summary>
    Request,
}
