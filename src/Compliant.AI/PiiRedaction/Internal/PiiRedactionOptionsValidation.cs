using Microsoft.Extensions.Options;

namespace Compliant.AI.PiiRedaction.Internal;

/// <summary>
/// Validates <see cref="PiiRedactionOptions"/>: the data annotations (<see cref="PiiRedactionOptionsValidator"/>, source-generated)
/// and what they cannot express: a positive vault expiry, and (when registered in DI, where a key may come from the container)
/// a key whenever a hash or encrypt operator is configured. A stage constructed directly resolves its key itself.
/// </summary>
internal sealed class PiiRedactionOptionsValidation(IServiceProvider? services = null) : IValidateOptions<PiiRedactionOptions>
{
    private static readonly PiiRedactionOptionsValidator Annotations = new();

    public static PiiRedactionOptionsValidation Instance { get; } = new();

    public ValidateOptionsResult Validate(string? name, PiiRedactionOptions options)
    {
        ValidateOptionsResult annotations = Annotations.Validate(name, options);
        if (annotations.Failed)
        {
            return annotations;
        }

        if (options.VaultExpiry <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("VaultExpiry must be positive.");
        }

        if (services is null || !options.RequiresKey() || services.GetService(typeof(PiiKey)) is not null
            || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(options.KeyEnvironmentVariable ?? string.Empty)))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"The hash and encrypt PII operators need a key: register a PiiKey or set the environment variable '{options.KeyEnvironmentVariable}' to at least {PiiKey.MinimumKeyBytes} random bytes in base64.");
    }
}
