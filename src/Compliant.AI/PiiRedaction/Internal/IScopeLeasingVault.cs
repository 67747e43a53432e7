namespace Compliant.AI.PiiRedaction.Internal;

/// <summary>A vault that can pin a scope while a request uses it, so eviction never drops a scope in flight.</summary>
internal interface IScopeLeasingVault
{
    /// <summary>Marks <paramref name="scope"/> as in use until the returned lease is disposed.</summary>
    IDisposable Acquire(string scope);
}
