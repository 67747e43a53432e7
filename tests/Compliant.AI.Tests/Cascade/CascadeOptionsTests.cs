using Compliant.AI.Cascade.Internal;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Tests.Cascade;

public sealed class CascadeOptionsTests
{
    [Fact]
    public void Defaults_AreDocumented()
    {
        var options = new CascadeOptions();

        Assert.Equal(0.5, options.MinimumConfidence);
        Assert.Equal("confidence", options.ConfidenceProperty);
        Assert.True(options.EscalateWhenConfidenceMissing);
        Assert.True(options.EscalateOnSchemaFailure);
        Assert.True(options.EscalateOnPrimaryFailure);
        Assert.True(options.KeepPrimaryAnswerWhenEscalationRefused);
        Assert.Equal("Compliant:Cascade", CascadeOptions.SectionName);
    }

    [Theory]
    [InlineData(-0.1, "confidence", "MinimumConfidence")]
    [InlineData(1.1, "confidence", "MinimumConfidence")]
    [InlineData(0.5, "", "ConfidenceProperty")]
    public void Validate_OutOfRange_NamesTheOption(double minimum, string property, string named)
    {
        ValidateOptionsResult result = new CascadeOptionsValidator().Validate(null, new CascadeOptions { MinimumConfidence = minimum, ConfidenceProperty = property });

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
    }
}
