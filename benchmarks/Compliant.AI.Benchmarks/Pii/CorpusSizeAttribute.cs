namespace Compliant.AI.Benchmarks.Pii;

/// <summary>The number of characters a benchmark method scans per operation; read by <see cref="ThroughputColumn"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CorpusSizeAttribute(int characters) : Attribute
{
    public int Characters { get; } = characters;
}
