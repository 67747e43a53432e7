using Compliant.AI.Internal;

namespace OpenTelemetry.Trace;

/// <summary>Registers Compliant.AI's traces with an OpenTelemetry <see cref="TracerProviderBuilder"/>.</summary>
public static class CompliantAITracerProviderBuilderExtensions
{
    /// <summary>
    /// Subscribes the tracer provider to the spans of every Compliant.AI stage and to the <c>gen_ai.*</c> spans of
    /// Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c> clients under their default source name.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns>The <paramref name="builder"/>, for chaining.</returns>
    /// <remarks>
    /// The spans carry ids, counts, entity type names and decisions, never message content or personal data.
    /// A pipeline that passes its own source name to <c>UseOpenTelemetry(sourceName: ...)</c> must add that name itself.
    /// </remarks>
    public static TracerProviderBuilder AddCompliantAIInstrumentation(this TracerProviderBuilder builder)
    {
        Throw.IfNull(builder);
        return builder.AddSource(CompliantTelemetry.SourceName, CompliantTelemetry.MicrosoftExtensionsAISourceName);
    }
}
