namespace Compliant.AI.Auditing.Internal;

/// <summary>One queued append: the serialized record and the completion the caller awaits.</summary>
internal sealed class PendingAppend : TaskCompletionSource
{
    public PendingAppend(byte[] record, long startTimestamp)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Record = record;
        StartTimestamp = startTimestamp;
    }

    public byte[] Record { get; }

    public long StartTimestamp { get; }
}
