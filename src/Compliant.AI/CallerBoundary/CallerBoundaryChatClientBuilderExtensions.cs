using Compliant.AI.CallerBoundary.Internal;
using Compliant.AI.Internal;

namespace Microsoft.Extensions.AI;

/// <summary>Adds the caller boundary to a chat client pipeline.</summary>
public static class CallerBoundaryChatClientBuilderExtensions
{
    /// <summary>
    /// Removes the caller's identity (<see cref="Compliant.AI.CallerContext"/>, set with <c>ChatOptions.WithCaller</c>) from the
    /// options before the next client. Add it last, just before the provider, in a pipeline you compose yourself;
    /// <c>UseCompliance()</c> always adds it there.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <remarks>
    /// The caller's own options are not changed (they are cloned when a caller is removed). PII redaction removes the
    /// caller as well; this boundary covers pipelines without redaction and stages between redaction and the provider.
    /// </remarks>
    public static ChatClientBuilder UseCallerBoundary(this ChatClientBuilder builder)
    {
        Throw.IfNull(builder);
        return builder.Use(static inner => new CallerBoundaryChatClient(inner));
    }
}
