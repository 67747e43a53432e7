namespace Compliant.AI;

/// <summary>The default <see cref="ICallerContextAccessor"/>: the caller flows with the async call path (<see cref="AsyncLocal{T}"/>).</summary>
/// <remarks>
/// Like <c>HttpContextAccessor</c>, every instance shares the same ambient slot, so a host can set the caller in its
/// request middleware and any stage resolved from DI sees it. Setting <see cref="Current"/> affects only the current
/// async flow and the flows it starts afterwards.
/// </remarks>
public sealed class CallerContextAccessor : ICallerContextAccessor
{
    private static readonly AsyncLocal<CallerContext?> Ambient = new();

    /// <inheritdoc />
    public CallerContext? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }
}
