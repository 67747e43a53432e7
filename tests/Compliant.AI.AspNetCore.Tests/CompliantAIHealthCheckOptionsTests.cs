using Compliant.AI.AspNetCore.Internal;

namespace Compliant.AI.AspNetCore.Tests;

public sealed class CompliantAIHealthCheckOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var o = new CompliantAIHealthCheckOptions();

        Assert.Equal(TimeSpan.FromSeconds(2), o.ProbeTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), o.DegradedProbeDuration);
        Assert.Equal(TimeSpan.FromMinutes(1), o.WitnessMaxLag);
    }

    [Theory]
    [InlineData(0, 0, 60, "Compliant:HealthChecks:ProbeTimeout must be more than zero and at most 10 minutes.")]
    [InlineData(1000, 1000, 60, "Compliant:HealthChecks:DegradedProbeDuration must be zero or more and less than ProbeTimeout.")]
    [InlineData(1000, 10, 0, "Compliant:HealthChecks:WitnessMaxLag must be more than zero.")]
    public void Validate_InvalidValue_NamesTheKey(int timeoutMs, int degradedMs, int lagSeconds, string message)
    {
        var o = new CompliantAIHealthCheckOptions
        {
            ProbeTimeout = TimeSpan.FromMilliseconds(timeoutMs),
            DegradedProbeDuration = TimeSpan.FromMilliseconds(degradedMs),
            WitnessMaxLag = TimeSpan.FromSeconds(lagSeconds),
        };

        Assert.Contains(message, new CompliantAIHealthCheckOptionsValidator().Validate(null, o).Failures!);
    }
}
