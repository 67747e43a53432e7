using Compliant.AI;
using Compliant.AI.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.AI;

/// <summary>Adds the prompt-versions stage to a chat client pipeline.</summary>
public static class PromptVersionsChatClientBuilderExtensions
{
    /// <summary>Adds a <see cref="PromptVersionsChatClient"/>: serves versioned prompt templates and records their versions and hashes.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="catalog">The templates; <see langword="null"/> resolves the <see cref="PromptCatalog"/> registered by <c>AddPromptVersions()</c>.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <exception cref="InvalidOperationException">No <paramref name="catalog"/> is given and none is registered.</exception>
    public static ChatClientBuilder UsePromptVersions(this ChatClientBuilder builder, PromptCatalog? catalog = null)
    {
        Throw.IfNull(builder);
        return builder.Use((innerClient, services) => new PromptVersionsChatClient(
            innerClient,
            catalog ?? services.GetService<PromptCatalog>() ?? throw new InvalidOperationException($"UsePromptVersions requires a {nameof(PromptCatalog)}: pass one, or call AddPromptVersions() on AddCompliantAI()."),
            services.GetService<ICallerContextAccessor>()));
    }
}
