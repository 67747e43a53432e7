using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OpenTelemetry;

/// <summary>Registers Compliant.AI's traces and metrics with an OpenTelemetry host in one call.</summary>
public static class CompliantAIOpenTelemetryBuilderExtensions
{
    /// <summary>
    /// Subscribes tracing and metrics to the <c>Compliant.AI</c> source and meter and to Microsoft.Extensions.AI's
    /// default <c>gen_ai</c> source and meter: <c>services.AddOpenTelemetry().AddCompliantAIInstrumentation()</c>.
    /// </summary>
    /// <typeparam name="TBuilder">The OpenTelemetry builder type.</typeparam>
    /// <param name="builder">The builder returned by <c>AddOpenTelemetry()</c>.</param>
    /// <returns>The <paramref name="builder"/>, for chaining (add exporters with <c>WithTracing</c>/<c>WithMetrics</c>).</returns>
    /// <remarks>Spans and metrics carry ids, counts, entity type names and decisions, never content or personal data.</remarks>
    public static TBuilder AddCompliantAIInstrumentation<TBuilder>(this TBuilder builder)
        where TBuilder : IOpenTelemetryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithTracing(static tracing => tracing.AddCompliantAIInstrumentation());
        builder.WithMetrics(static metrics => metrics.AddCompliantAIInstrumentation());
        return builder;
    }
}
