using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Compliant.AI.Internal;

/// <summary>
/// The reload token of the section <typeparamref name="TOptions"/> binds from,
/// when the host registered an <see cref="IConfiguration"/> (resolved lazily, as <see cref="ConfigurationBinding{TOptions}"/> does).
/// </summary>
internal sealed class SectionChangeTokenSource<TOptions>(IServiceProvider services, ConfigurationBindingSource<TOptions> source)
    where TOptions : class
{
    public IChangeToken GetChangeToken() =>
        services.GetService<IConfiguration>() is { } configuration
            ? configuration.GetSection(source.SectionPath).GetReloadToken()
            : new CancellationChangeToken(CancellationToken.None);
}
