using System.Globalization;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Resilience.Internal;

/// <summary>Validates <see cref="ResilienceOptions"/>: the data annotations (source-generated) and the relations between values.</summary>
internal sealed class ResilienceOptionsValidation : IValidateOptions<ResilienceOptions>
{
    private static readonly ResilienceOptionsValidator Annotations = new();

    public ValidateOptionsResult Validate(string? name, ResilienceOptions options)
    {
        ValidateOptionsResult result = Annotations.Validate(name, options);
        var failures = new List<string>();
        if (result.Failed)
        {
            failures.AddRange(result.Failures ?? []);
        }

        CheckRange(failures, nameof(ResilienceOptions.BaseDelay), options.BaseDelay, TimeSpan.Parse("00:00:00", CultureInfo.InvariantCulture), TimeSpan.Parse("00:10:00", CultureInfo.InvariantCulture));
        CheckRange(failures, nameof(ResilienceOptions.MaxDelay), options.MaxDelay, TimeSpan.Parse("00:00:00", CultureInfo.InvariantCulture), TimeSpan.Parse("01:00:00", CultureInfo.InvariantCulture));
        CheckRange(failures, nameof(ResilienceOptions.MaxRetryAfter), options.MaxRetryAfter, TimeSpan.Parse("00:00:00", CultureInfo.InvariantCulture), TimeSpan.Parse("01:00:00", CultureInfo.InvariantCulture));
        CheckRange(failures, nameof(ResilienceOptions.AttemptTimeout), options.AttemptTimeout, TimeSpan.Parse("00:00:00.010", CultureInfo.InvariantCulture), TimeSpan.Parse("01:00:00", CultureInfo.InvariantCulture));
        CheckRange(failures, nameof(ResilienceOptions.TotalTimeout), options.TotalTimeout, TimeSpan.Parse("00:00:00.010", CultureInfo.InvariantCulture), TimeSpan.Parse("1.00:00:00", CultureInfo.InvariantCulture));
        CheckRange(failures, nameof(ResilienceOptions.CircuitBreakerSamplingDuration), options.CircuitBreakerSamplingDuration, TimeSpan.Parse("00:00:00.500", CultureInfo.InvariantCulture), TimeSpan.Parse("1.00:00:00", CultureInfo.InvariantCulture));
        CheckRange(failures, nameof(ResilienceOptions.CircuitBreakerBreakDuration), options.CircuitBreakerBreakDuration, TimeSpan.Parse("00:00:00.500", CultureInfo.InvariantCulture), TimeSpan.Parse("1.00:00:00", CultureInfo.InvariantCulture));

        if (options.MaxDelay < options.BaseDelay)
        {
            failures.Add($"{nameof(ResilienceOptions.MaxDelay)} must be at least {nameof(ResilienceOptions.BaseDelay)}.");
        }

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add($"{nameof(ResilienceOptions.TotalTimeout)} must be at least {nameof(ResilienceOptions.AttemptTimeout)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckRange(List<string> failures, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{name} must be between {min:c} and {max:c}.");
        }
    }

    public static ResilienceOptionsValidation Instance { get; } = new();
}
