using Microsoft.Extensions.Options;

namespace Compliant.AI.Redaction.Internal;

/// <summary>Checks what data annotations cannot: a positive vault expiry, and a key whenever a hash or encrypt operator is configured.</summary>
internal sealed class PiiRedactionKeyValidator(IServiceProvider services) : IValidateOptions<PiiRedactionOptions>
{
    public ValidateOptionsResult Validate(string? name, PiiRedactionOptions options)
    {
        if (options.VaultExpiry <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("VaultExpiry must be positive.");
        }

        if (!options.RequiresKey() || services.GetService(typeof(PiiKey)) is not null
            || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(options.KeyEnvironmentVariable ?? string.Empty)))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"The hash and encrypt PII operators need a key: register a PiiKey or set the environment variable '{options.KeyEnvironmentVariable}' to at least {PiiKey.MinimumKeyBytes} random bytes in base64.");
    }
}
