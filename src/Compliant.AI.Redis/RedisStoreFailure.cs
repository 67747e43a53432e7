namespace Compliant.AI;

/// <summary>Why a Redis engine of Compliant.AI could not do its work.</summary>
public enum RedisStoreFailure
{
    /// <summary>The server could not be reached, or the connection dropped or timed out.</summary>
    Unavailable,

    /// <summary>The server refused a write because it reached <c>maxmemory</c> (with the <c>noeviction</c> policy).</summary>
    OutOfMemory,

    /// <summary>The server may evict keys under memory pressure, which the engine does not accept (see its remarks).</summary>
    EvictionPolicy,

    /// <summary>The server answered with another error (for example a wrong password or a disabled command).</summary>
    ServerError,
}
