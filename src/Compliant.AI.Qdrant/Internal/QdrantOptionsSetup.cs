using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Internal;

/// <summary>Binds <see cref="QdrantOptions"/> from <c>Compliant:Qdrant</c> when the host registered an <see cref="IConfiguration"/>.</summary>
/// <remarks>The <c>Bind</c> call is handled by the configuration-binding source generator (no reflection).</remarks>
internal sealed class QdrantOptionsSetup(IConfiguration? configuration) : IConfigureOptions<QdrantOptions>
{
    public void Configure(QdrantOptions options)
    {
        configuration?.GetSection(QdrantOptions.SectionName).Bind(options);
    }
}
