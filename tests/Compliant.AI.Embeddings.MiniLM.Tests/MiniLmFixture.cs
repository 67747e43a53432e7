namespace Compliant.AI.Tests;

/// <summary>One generator for a test class: the model loads once.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmEmbeddingGenerator Generator { get; } = new();

    public void Dispose() => Generator.Dispose();
}
