using Compliant.AI.Internal;

namespace OpenTelemetry.Metrics;

/// <summary>Registers Compliant.AI's metrics with an OpenTelemetry <see cref="MeterProviderBuilder"/>.</summary>
public static class CompliantAIMeterProviderBuilderExtensions
{
    /// <summary>
    /// Subscribes the meter provider to the instruments of every Compliant.AI stage and to the <c>gen_ai.client.*</c>
    /// instruments of Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c> clients under their default meter name.
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns>The <paramref name="builder"/>, for chaining.</returns>
    /// <remarks>
    /// Metric tags carry tenant ids, model names, entity type names and decisions, never user ids, message content
    /// or personal data. A pipeline that passes its own source name to <c>UseOpenTelemetry(sourceName: ...)</c> must
    /// add that meter name itself.
    /// </remarks>
    public static MeterProviderBuilder AddCompliantAIInstrumentation(this MeterProviderBuilder builder)
    {
        Throw.IfNull(builder);
        return builder.AddMeter(CompliantTelemetry.SourceName, CompliantTelemetry.MicrosoftExtensionsAISourceName);
    }
}
