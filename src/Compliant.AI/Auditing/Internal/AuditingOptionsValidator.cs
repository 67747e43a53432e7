using Microsoft.Extensions.Options;

namespace Compliant.AI.Auditing.Internal;

/// <summary>Validates <see cref="AuditingOptions"/> at start-up: DataAnnotations (source-generated) plus the range checks attributes cannot express trim-safely.</summary>
[OptionsValidator]
internal sealed partial class AuditingOptionsValidator : IValidateOptions<AuditingOptions>
{
    internal static ValidateOptionsResult ValidateRanges(AuditingOptions options)
    {
        if (options.WriteTimeout < TimeSpan.FromMilliseconds(1) || options.WriteTimeout > TimeSpan.FromHours(1))
        {
            return ValidateOptionsResult.Fail("Compliant:Audit:WriteTimeout must be between 1 ms and 1 hour.");
        }

        if (options.AbandonedStreamTimeout != Timeout.InfiniteTimeSpan
            && (options.AbandonedStreamTimeout < TimeSpan.FromMilliseconds(1) || options.AbandonedStreamTimeout > TimeSpan.FromDays(1)))
        {
            return ValidateOptionsResult.Fail("Compliant:Audit:AbandonedStreamTimeout must be between 1 ms and 1 day, or infinite (-00:00:00.001) to turn it off.");
        }

        if (!Enum.IsDefined(options.FailurePolicy))
        {
            return ValidateOptionsResult.Fail("Compliant:Audit:FailurePolicy must be FailClosed or FailOpen.");
        }

        if (!Enum.IsDefined(options.ContentCapture))
        {
            return ValidateOptionsResult.Fail("Compliant:Audit:ContentCapture must be DigestOnly or Full.");
        }

        return ValidateOptionsResult.Success;
    }
}
