using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Compliant.AI.Tests.Telemetry;

public class CompliantAIOpenTelemetryExtensionsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AddCompliantAIInstrumentation_Pipeline_ExportsOurAndGenAISpansAndMetrics(bool streaming)
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder()
            .AddCompliantAIInstrumentation()
            .AddInMemoryExporter(spans)
            .Build();
        using MeterProvider metering = Sdk.CreateMeterProviderBuilder()
            .AddCompliantAIInstrumentation()
            .AddInMemoryExporter(metrics)
            .Build();

        // A model id of its own, so spans and metric points of tests running in parallel are told apart.
        string model = "otel-model-" + Guid.NewGuid().ToString("N");
        using var inner = TestChatClient.Answering("Retention is six years.");
        using IChatClient telemetry = new OpenTelemetryChatClient(inner); // M.E.AI's default source and meter name
        var sink = new TestAuditSink();
        using IChatClient client = new AuditingChatClient(telemetry, sink, TestKeys.Audit, null, null, new FakeTimeProvider(), null);

        await client.GetResponseAsync(streaming, "How long are audit logs kept?", new ChatOptions { ModelId = model });
        metering.ForceFlush();

        // Other tests' spans on the process-wide Compliant.AI source reach this exporter from their threads: stop the
        // provider before reading the list, so it is not appended to while it is enumerated.
        tracing.ForceFlush();
        tracing.Shutdown();

        Activity genAi = Assert.Single(spans, s => Equals(s.GetTagItem("gen_ai.request.model"), model));
        Activity audit = Assert.Single(spans, s => s.Source.Name == "Compliant.AI" && s.OperationName == "compliant_ai.audit" && s.TraceId == genAi.TraceId);
        Assert.Equal(audit.SpanId, genAi.ParentSpanId);
        Assert.Equal("Compliant.AI", audit.Source.Name);
        Assert.Contains(metrics, m => m.MeterName == "Compliant.AI" && m.Name == "compliant_ai.interaction.duration");
        Assert.Contains(metrics, m => m.Name == "gen_ai.client.operation.duration" && HasPointFor(m, model));
    }

    [Fact]
    public void AddCompliantAIInstrumentation_NullBuilder_Throws()
    {
        Assert.Throws<ArgumentNullException>("builder", () => ((TracerProviderBuilder)null!).AddCompliantAIInstrumentation());
        Assert.Throws<ArgumentNullException>("builder", () => ((MeterProviderBuilder)null!).AddCompliantAIInstrumentation());
    }

    private static bool HasPointFor(Metric metric, string model)
    {
        foreach (ref readonly MetricPoint point in metric.GetMetricPoints())
        {
            foreach (KeyValuePair<string, object?> tag in point.Tags)
            {
                if (tag.Key == "gen_ai.request.model" && Equals(tag.Value, model))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
