using Microsoft.Extensions.AI;

namespace Compliant.AI;

/// <summary>Reads and writes a per-call <see cref="CallerContext"/> on <see cref="ChatOptions"/>.</summary>
public static class CallerContextChatOptionsExtensions
{
    /// <summary>Returns a copy of <paramref name="options"/> (or new options) that carries <paramref name="caller"/>.</summary>
    /// <param name="options">The options to copy, or <see langword="null"/>.</param>
    /// <param name="caller">The caller of this request.</param>
    /// <returns>New options; the input is never mutated.</returns>
    public static ChatOptions WithCaller(this ChatOptions? options, CallerContext caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ChatOptions copy = options?.Clone() ?? new ChatOptions();
        copy.AdditionalProperties = copy.AdditionalProperties is null ? [] : new AdditionalPropertiesDictionary(copy.AdditionalProperties);
        copy.AdditionalProperties[CallerContext.AdditionalPropertiesKey] = caller;
        return copy;
    }

    /// <summary>Gets the caller of a request: the one set on <paramref name="options"/>, else the ambient one, else <see cref="CallerContext.Anonymous"/>.</summary>
    /// <param name="options">The request options, or <see langword="null"/>.</param>
    /// <param name="accessor">The ambient accessor, or <see langword="null"/>.</param>
    /// <returns>The caller; never <see langword="null"/>.</returns>
    public static CallerContext GetCaller(this ChatOptions? options, ICallerContextAccessor? accessor = null)
    {
        if (options?.AdditionalProperties is { } props &&
            props.TryGetValue(CallerContext.AdditionalPropertiesKey, out object? value) &&
            value is CallerContext caller)
        {
            return caller;
        }

        return accessor?.Current ?? CallerContext.Anonymous;
    }
}
