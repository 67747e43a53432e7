using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Compliant.AI.Internal;

namespace Compliant.AI.Qdrant.Tests.Internal;

public sealed class QdrantTelemetryTests
{
    [Fact]
    public void SourceAndMeter_AreThePipelinesOnlyOnes_NotASecondPairWithTheSameName()
    {
        Type pipeline = typeof(CompliantAIBuilder).Assembly.GetType("Compliant.AI.Internal.CompliantTelemetry", throwOnError: true)!;
        var source = (ActivitySource)pipeline.GetField("ActivitySource", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var meter = (Meter)pipeline.GetField("Meter", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

        Assert.Same(source, QdrantTelemetry.ActivitySource);
        Assert.Same(meter, QdrantTelemetry.Meter);
        Assert.Equal("Compliant.AI", QdrantTelemetry.ActivitySource.Name);
    }
}
