using System.Globalization;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Auditing.Internal;

/// <summary>Validates <see cref="AuditLedgerOptions"/> (annotations and key availability) and resolves the key.</summary>
internal sealed class AuditLedgerOptionsValidation(IServiceProvider? services = null) : IValidateOptions<AuditLedgerOptions>
{
    private static readonly AuditLedgerOptionsValidator Annotations = new();

    public ValidateOptionsResult Validate(string? name, AuditLedgerOptions options)
    {
        ValidateOptionsResult result = ValidateWithoutKey(name, options);
        if (result.Failed)
        {
            return result;
        }

        if (string.IsNullOrWhiteSpace(options.Key) && services?.GetService(typeof(AuditKey)) is AuditKey)
        {
            return ValidateOptionsResult.Success; // the key registered with AddAuditKey is used
        }

        return TryResolveKey(options, out _, out string? error) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(error);
    }

    private static ValidateOptionsResult ValidateWithoutKey(string? name, AuditLedgerOptions options)
    {
        ValidateOptionsResult result = Annotations.Validate(name, options);
        if (result.Failed)
        {
            return result;
        }

        // Checked here rather than with [Range]: the options source generator of Microsoft.Extensions.Options 11.0.0
        // ignores a Range attribute's ErrorMessage, and these messages must name the configuration key.
        string? range =
            OutOfRange(options.MaxFileBytes, 4096, long.MaxValue, nameof(options.MaxFileBytes))
            ?? OutOfRange(options.QueueCapacity, 1, 1_000_000, nameof(options.QueueCapacity))
            ?? OutOfRange(options.MaxBatchSize, 1, 100_000, nameof(options.MaxBatchSize))
            ?? OutOfRange(options.MaxRecordBytes, 1024, 16 * 1024 * 1024, nameof(options.MaxRecordBytes))
            ?? OutOfRange(options.WitnessRecordInterval, 1, 1_000_000, nameof(options.WitnessRecordInterval));
        if (range is not null)
        {
            return ValidateOptionsResult.Fail(range);
        }

        if (options.ClockSkewTolerance < TimeSpan.Zero || options.ClockSkewTolerance > TimeSpan.FromHours(1))
        {
            return ValidateOptionsResult.Fail("Compliant:Audit:Ledger:ClockSkewTolerance must be between 00:00:00 and 01:00:00.");
        }

        if (options.ClockJumpTolerance < TimeSpan.FromSeconds(1) || options.ClockJumpTolerance > TimeSpan.FromDays(1))
        {
            return ValidateOptionsResult.Fail("Compliant:Audit:Ledger:ClockJumpTolerance must be between 00:00:01 and 1.00:00:00.");
        }

        if (options.WitnessTimeInterval < TimeSpan.FromMilliseconds(10) || options.WitnessTimeInterval > TimeSpan.FromHours(1))
        {
            return ValidateOptionsResult.Fail("Compliant:Audit:Ledger:WitnessTimeInterval must be between 00:00:00.010 and 01:00:00.");
        }

        if (!string.IsNullOrWhiteSpace(options.WitnessPath) && IsInsideLedgerDirectory(options))
        {
            return ValidateOptionsResult.Fail("Compliant:Audit:Ledger:WitnessPath must be outside the ledger directory: whoever can write the ledger folder must not be able to change its witness.");
        }

        return ValidateOptionsResult.Success;
    }

    private static string? OutOfRange(long value, long minimum, long maximum, string property) =>
        value < minimum || value > maximum
            ? string.Create(CultureInfo.InvariantCulture, $"Compliant:Audit:Ledger:{property} must be between {minimum} and {maximum}.")
            : null;

    private static bool IsInsideLedgerDirectory(AuditLedgerOptions options)
    {
        string directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Directory)) + Path.DirectorySeparatorChar;
        string witness = Path.GetFullPath(options.WitnessPath!);
        return witness.StartsWith(directory, StringComparison.Ordinal)
            || string.Equals(witness + Path.DirectorySeparatorChar, directory, StringComparison.Ordinal);
    }

    public static void ThrowIfInvalid(AuditLedgerOptions options, bool keyGiven)
    {
        ValidateOptionsResult result = keyGiven ? ValidateWithoutKey(Options.DefaultName, options) : new AuditLedgerOptionsValidation().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(AuditLedgerOptions), result.Failures);
        }
    }

    public static AuditKey ResolveKey(AuditLedgerOptions options) =>
        string.IsNullOrWhiteSpace(options.Key)
            ? AuditKey.FromEnvironment(options.KeyId, options.KeyEnvironmentVariable)
            : AuditKey.FromBase64(options.KeyId, options.Key);

    private static bool TryResolveKey(AuditLedgerOptions options, out AuditKey? key, out string error)
    {
        try
        {
            key = ResolveKey(options);
            error = string.Empty;
            return true;
        }
        catch (InvalidOperationException)
        {
            error = $"Compliant:Audit:Ledger has no key: set Compliant:Audit:Ledger:Key, or the environment variable '{options.KeyEnvironmentVariable}', to at least {AuditKey.MinimumKeyBytes} random bytes in base64.";
        }
        catch (FormatException)
        {
            error = "Compliant:Audit:Ledger: the audit key is not valid base64.";
        }
        catch (ArgumentException)
        {
            error = $"Compliant:Audit:Ledger: the audit key must be at least {AuditKey.MinimumKeyBytes} bytes.";
        }

        key = null;
        return false;
    }
}
