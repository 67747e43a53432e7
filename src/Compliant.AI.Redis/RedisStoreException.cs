namespace Compliant.AI;

/// <summary>A Redis engine of Compliant.AI could not complete an operation; nothing was half-written on its behalf.</summary>
/// <remarks>
/// The message names the operation and the kind of failure only: never a scope, a key, a value or the server's
/// address. The underlying StackExchange.Redis exception is the <see cref="Exception.InnerException"/>.
/// </remarks>
public sealed class RedisStoreException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RedisStoreException"/> class.</summary>
    public RedisStoreException()
        : this(RedisStoreFailure.ServerError, "A Redis operation failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RedisStoreException"/> class.</summary>
    /// <param name="message">The message.</param>
    public RedisStoreException(string message)
        : this(RedisStoreFailure.ServerError, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RedisStoreException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RedisStoreException(string message, Exception? innerException)
        : this(RedisStoreFailure.ServerError, message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RedisStoreException"/> class.</summary>
    /// <param name="failure">Why the operation failed.</param>
    /// <param name="message">The message; it must not contain personal data.</param>
    /// <param name="innerException">The cause.</param>
    public RedisStoreException(RedisStoreFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Gets why the operation failed.</summary>
    public RedisStoreFailure Failure { get; }
}
