using Microsoft.Extensions.Options;

namespace Compliant.AI.AspNetCore.Internal;

/// <summary>Validates <see cref="CompliantAIHealthCheckOptions"/>: positive timeout and lag, a degraded threshold below the timeout.</summary>
internal sealed class CompliantAIHealthCheckOptionsValidator : IValidateOptions<CompliantAIHealthCheckOptions>
{
    public ValidateOptionsResult Validate(string? name, CompliantAIHealthCheckOptions options)
    {
        var failures = new List<string>();
        const string Section = CompliantAIHealthCheckOptions.SectionName;
        if (options.ProbeTimeout <= TimeSpan.Zero || options.ProbeTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Section}:{nameof(CompliantAIHealthCheckOptions.ProbeTimeout)} must be more than zero and at most 10 minutes.");
        }

        if (options.DegradedProbeDuration < TimeSpan.Zero || options.DegradedProbeDuration >= options.ProbeTimeout)
        {
            failures.Add($"{Section}:{nameof(CompliantAIHealthCheckOptions.DegradedProbeDuration)} must be zero or more and less than {nameof(CompliantAIHealthCheckOptions.ProbeTimeout)}.");
        }

        if (options.WitnessMaxLag <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{nameof(CompliantAIHealthCheckOptions.WitnessMaxLag)} must be more than zero.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
