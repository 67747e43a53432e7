namespace Compliant.AI;

/// <summary>The operation names recorded in <see cref="AuditRecord.Operation"/>.</summary>
public static class AuditOperations
{
    /// <summary>A non-streaming chat call (<c>GetResponseAsync</c>).</summary>
    public const string Chat = "chat";

    /// <summary>A streaming chat call (<c>GetStreamingResponseAsync</c>).</summary>
    public const string StreamingChat = "chat.streaming";
}
