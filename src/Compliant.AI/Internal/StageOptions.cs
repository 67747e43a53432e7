using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Internal;

/// <summary>
/// The one options recipe of every stage: copy, validate, freeze. <c>UseXxx</c> takes a copy of the registered options (or
/// the defaults) and applies its callback to the copy (<see cref="Configure{TOptions}"/>), so a per-pipeline callback never
/// changes the shared instance; the stage's constructor copies again, validates and keeps that copy
/// (<see cref="Freeze{TOptions}"/>), so nothing the caller still holds can change a running stage, and a stage
/// constructed directly is validated exactly like one built by <c>UseXxx</c>.
/// </summary>
internal static class StageOptions
{
    /// <summary>A copy of the registered <typeparamref name="TOptions"/> (or the defaults) with <paramref name="configure"/> applied.</summary>
    public static TOptions Configure<TOptions>(IServiceProvider services, Action<TOptions>? configure, Func<TOptions, TOptions> copy)
        where TOptions : class, new()
    {
        TOptions options = copy(services.GetService<IOptions<TOptions>>()?.Value ?? new TOptions());
        configure?.Invoke(options);
        return options;
    }

    /// <summary>The stage's own validated copy of <paramref name="options"/> (or of the defaults).</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public static TOptions Freeze<TOptions>(TOptions? options, Func<TOptions, TOptions> copy, IValidateOptions<TOptions> validator)
        where TOptions : class, new()
    {
        TOptions frozen = options is null ? new TOptions() : copy(options);
        ThrowIfInvalid(frozen, validator);
        return frozen;
    }

    /// <summary>Throws when <paramref name="validator"/> rejects <paramref name="options"/>; the failures name settings, never values.</summary>
    public static void ThrowIfInvalid<TOptions>(TOptions options, IValidateOptions<TOptions> validator)
        where TOptions : class
    {
        ValidateOptionsResult result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(typeof(TOptions).Name, typeof(TOptions), result.Failures);
        }
    }

    /// <summary>The logger every <c>UseXxx</c> hands its stage: one category per stage type, <see langword="null"/> without logging.</summary>
    public static ILogger? Logger<TStage>(IServiceProvider services) => services.GetService<ILoggerFactory>()?.CreateLogger<TStage>();
}
