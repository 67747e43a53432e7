namespace Compliant.AI;

/// <summary>What <see cref="StructuredOutputChatClient"/> does with an answer that fails its JSON schema.</summary>
public enum StructuredOutputMode
{
    /// <summary>Re-ask with the validation errors until the answer is valid or the attempts run out, then throw <see cref="StructuredOutputValidationException"/>. Streaming answers are buffered and released only once valid.</summary>
    Enforce,

    /// <summary>Validate and record the verdict (audit, metrics, logs) but return the answer unchanged and never re-ask. Streaming passes through.</summary>
    Observe,
}
