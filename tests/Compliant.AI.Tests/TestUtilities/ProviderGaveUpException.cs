namespace Compliant.AI.Tests;

/// <summary>The exception an <see cref="UncooperativeProvider"/> finally ends with, long after everybody stopped waiting.</summary>
public sealed class ProviderGaveUpException : Exception
{
    public ProviderGaveUpException()
        : base("the provider gave up")
    {
    }
}
