using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Internal;

/// <summary>Binds options from a configuration section when the host registered an <see cref="IConfiguration"/>.</summary>
internal sealed class ConfigurationBinding<TOptions>(IConfiguration? configuration, string sectionPath, Action<IConfiguration, TOptions> bind) : IConfigureOptions<TOptions>
    where TOptions : class
{
    public void Configure(TOptions options)
    {
        if (configuration is not null)
        {
            bind(configuration.GetSection(sectionPath), options);
        }
    }
}
