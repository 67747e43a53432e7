using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Compliant.AI.AspNetCore.Tests;

public sealed class CompliantAIOpenTelemetryBuilderExtensionsTests
{
    [Fact]
    public void AddCompliantAIInstrumentation_OneCall_SubscribesOurAndGenAiSourcesAndMeters()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        var services = new ServiceCollection();
        services.AddOpenTelemetry()
            .AddCompliantAIInstrumentation()
            .WithTracing(t => t.AddInMemoryExporter(spans))
            .WithMetrics(m => m.AddInMemoryExporter(metrics));
        using ServiceProvider sp = services.BuildServiceProvider();
        TracerProvider tracer = sp.GetRequiredService<TracerProvider>();
        MeterProvider meter = sp.GetRequiredService<MeterProvider>();

        using (var ours = new ActivitySource("Compliant.AI"))
        using (var genAi = new ActivitySource("Experimental.Microsoft.Extensions.AI"))
        using (var other = new ActivitySource("Other"))
        {
            ours.StartActivity("ours")?.Dispose();
            genAi.StartActivity("gen_ai")?.Dispose();
            other.StartActivity("other")?.Dispose();
        }

        using (var m = new Meter("Compliant.AI"))
        {
            m.CreateCounter<long>("compliant_ai.test").Add(1);
            meter.ForceFlush();
        }

        tracer.ForceFlush();
        // Only the three spans started here count: other tests in the process may run Compliant.AI stages meanwhile, and
        // ActivitySource listeners are process-wide.
        Assert.Equal(["ours", "gen_ai"], spans.Select(s => s.DisplayName).Where(n => n is "ours" or "gen_ai" or "other"));
        Assert.Contains(metrics, x => x.Name == "compliant_ai.test");
    }
}
