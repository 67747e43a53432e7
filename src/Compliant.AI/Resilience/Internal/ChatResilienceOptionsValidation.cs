using System.Globalization;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Resilience.Internal;

/// <summary>Validates <see cref="ChatResilienceOptions"/>: the data annotations (source-generated) and the relations between values.</summary>
internal sealed class ChatResilienceOptionsValidation : IValidateOptions<ChatResilienceOptions>
{
    private static readonly ChatResilienceOptionsValidator Annotations = new();

    public ValidateOptionsResult Validate(string? name, ChatResilienceOptions options)
    {
        ValidateOptionsResult result = Annotations.Validate(name, options);
        var failures = new List<string>();
        if (result.Failed)
        {
            failures.AddRange(result.Failures ?? []);
        }

        CheckRange(failures, nameof(ChatResilienceOptions.BaseDelay), options.BaseDelay, TimeSpan.Parse("00:00:00", CultureInfo.InvariantCulture), TimeSpan.Parse("00:10:00", CultureInfo.InvariantCulture));
        CheckRange(failures, nameof(ChatResilienceOptions.MaxDelay), options.MaxDelay, TimeSpan.Parse("00:00:00", CultureInfo.InvariantCulture), TimeSpan.Parse("01:00:00", CultureInfo.InvariantCulture));
        CheckRange(failures, nameof(ChatResilienceOptions.MaxRetryAfter), options.MaxRetryAfter, TimeSpan.Parse("00:00:00", CultureInfo.InvariantCulture), TimeSpan.Parse("01:00:00", CultureInfo.InvariantCulture));
        CheckRange(failures, nameof(ChatResilienceOptions.AttemptTimeout), options.AttemptTimeout, TimeSpan.Parse("00:00:00.010", CultureInfo.InvariantCulture), TimeSpan.Parse("01:00:00", CultureInfo.InvariantCulture));
        CheckRange(failures, nameof(ChatResilienceOptions.TotalTimeout), options.TotalTimeout, TimeSpan.Parse("00:00:00.010", CultureInfo.InvariantCulture), TimeSpan.Parse("1.00:00:00", CultureInfo.InvariantCulture));
        CheckRange(failures, nameof(ChatResilienceOptions.CircuitBreakerSamplingDuration), options.CircuitBreakerSamplingDuration, TimeSpan.Parse("00:00:00.500", CultureInfo.InvariantCulture), TimeSpan.Parse("1.00:00:00", CultureInfo.InvariantCulture));
        CheckRange(failures, nameof(ChatResilienceOptions.CircuitBreakerBreakDuration), options.CircuitBreakerBreakDuration, TimeSpan.Parse("00:00:00.500", CultureInfo.InvariantCulture), TimeSpan.Parse("1.00:00:00", CultureInfo.InvariantCulture));

        if (options.MaxDelay < options.BaseDelay)
        {
            failures.Add($"{nameof(ChatResilienceOptions.MaxDelay)} must be at least {nameof(ChatResilienceOptions.BaseDelay)}.");
        }

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add($"{nameof(ChatResilienceOptions.TotalTimeout)} must be at least {nameof(ChatResilienceOptions.AttemptTimeout)}.");
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

    public static void ThrowIfInvalid(ChatResilienceOptions options)
    {
        ValidateOptionsResult result = new ChatResilienceOptionsValidation().Validate(null, options);
        if (result.Failed)
        {
            throw new ArgumentException("Invalid resilience options: " + result.FailureMessage, nameof(options));
        }
    }
}
