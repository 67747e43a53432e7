using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Internal;

/// <summary>Binds options from a configuration section when the host registered an <see cref="IConfiguration"/>.</summary>
/// <remarks>Registered once per options type with <c>TryAddEnumerable</c>, which needs a concrete implementation type.</remarks>
internal sealed class ConfigurationBinding<TOptions>(IServiceProvider services, ConfigurationBindingSource<TOptions> source) : IConfigureOptions<TOptions>
    where TOptions : class
{
    public void Configure(TOptions options)
    {
        if (services.GetService<IConfiguration>() is { } configuration)
        {
            source.Bind(configuration.GetSection(source.SectionPath), options);
        }
    }
}

/// <summary>Where and how <typeparamref name="TOptions"/> binds from configuration.</summary>
internal sealed class ConfigurationBindingSource<TOptions>(string sectionPath, Action<IConfiguration, TOptions> bind)
    where TOptions : class
{
    public string SectionPath { get; } = sectionPath;

    public Action<IConfiguration, TOptions> Bind { get; } = bind;
}
