using Compliant.AI;
using Compliant.AI.Internal;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="PiiRedactor"/> with Microsoft.Extensions.Compliance.Redaction.</summary>
public static class PiiRedactorRedactionBuilderExtensions
{
    /// <summary>Uses <see cref="PiiRedactor"/> for the given data classifications.</summary>
    /// <param name="builder">The redaction builder from <c>services.AddRedaction(...)</c>.</param>
    /// <param name="classifications">The classifications whose values are free text that may hold personal data.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <remarks>
    /// The <see cref="IPiiDetector"/> comes from services (register it with <c>AddCompliantAI().AddPiiDetection()</c>);
    /// options bind from <c>Compliant:Pii:Redactor</c>.
    /// </remarks>
    public static IRedactionBuilder SetPiiRedactor(this IRedactionBuilder builder, params DataClassificationSet[] classifications)
    {
        Throw.IfNull(builder);
        builder.Services.AddCompliantOptions<PiiRedactorOptions>(PiiRedactorOptions.SectionName, static (section, options) => section.Bind(options));
        builder.Services.TryAddSingleton<PiiRedactor>();
        return builder.SetRedactor<PiiRedactor>(classifications);
    }
}
