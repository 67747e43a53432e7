using Compliant.AI;
using Compliant.AI.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.AI;

/// <summary>Adds the PII redaction stage to a chat pipeline.</summary>
public static class PiiRedactionChatClientBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="PiiRedactionChatClient"/>: everything sent to the inner clients is pseudonymized and the values are
    /// restored in the answer.
    /// </summary>
    /// <param name="builder">The chat client builder.</param>
    /// <param name="configure">An optional callback applied to a copy of the registered <see cref="PiiRedactionOptions"/> (or of the defaults).</param>
    /// <param name="detector">The PII detector; resolved from the pipeline's services when <see langword="null"/>.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <remarks>
    /// Register the options with <c>services.AddCompliantAI().AddPiiRedaction()</c> and a detector with <c>AddPiiDetection()</c>
    /// (package Compliant.AI.Pii) or your own <see cref="IPiiDetector"/>; the
    /// <see cref="IPseudonymVault"/>, <see cref="PiiKey"/> and logger are used from services when registered. Place the stage
    /// inside grounding and structured-output validation and outside telemetry, logging, caching and resilience, so those
    /// only ever see redacted traffic.
    /// </remarks>
    /// <exception cref="InvalidOperationException">When the pipeline is built without a detector (none passed and none registered).</exception>
    public static ChatClientBuilder UsePiiRedaction(this ChatClientBuilder builder, Action<PiiRedactionOptions>? configure = null, IPiiDetector? detector = null)
    {
        Throw.IfNull(builder);
        return builder.Use((inner, services) =>
        {
            IPiiDetector resolved = detector
                ?? services.GetService<IPiiDetector>()
                ?? throw new InvalidOperationException(
                    "UsePiiRedaction needs an IPiiDetector: add the Compliant.AI.Pii package and call services.AddCompliantAI().AddPiiDetection(), register your own IPiiDetector, or pass a detector to UsePiiRedaction.");
            return Create(inner, services, resolved, configure);
        });
    }

    private static PiiRedactionChatClient Create(IChatClient inner, IServiceProvider services, IPiiDetector detector, Action<PiiRedactionOptions>? configure)
    {
        PiiRedactionOptions options = StageOptions.Configure(services, configure, static o => o.Clone());
        return new PiiRedactionChatClient(
            inner,
            detector,
            options,
            services.GetService<IPseudonymVault>(),
            services.GetService<PiiKey>(),
            StageOptions.Logger<PiiRedactionChatClient>(services),
            services.GetService<ICallerContextAccessor>());
    }
}
