namespace Compliant.AI.PostgreSql.Internal;

/// <summary>One batch's lines, MACed onto a given head, and the head they lead to.</summary>
internal sealed class ChainedBatch(ChainHead from, long[] seqs, byte[][] lines, ChainHead to)
{
    public ChainHead From { get; } = from;

    public long[] Seqs { get; } = seqs;

    public byte[][] Lines { get; } = lines;

    public ChainHead To { get; } = to;
}
