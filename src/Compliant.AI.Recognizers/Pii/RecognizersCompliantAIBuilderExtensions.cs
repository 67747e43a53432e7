using Compliant.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the optional heavier recognizers to PII detection.</summary>
public static class RecognizersCompliantAIBuilderExtensions
{
    /// <summary>Adds Microsoft.Recognizers.Text written-date detection (<see cref="RecognizersTextDateTimeRecognizer"/>) to <see cref="IPiiDetector"/>.</summary>
    /// <param name="builder">The Compliant.AI builder (call <c>AddPiiDetection()</c> too).</param>
    /// <param name="culture">The Microsoft.Recognizers.Text culture; the default is <c>en-us</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static CompliantAIBuilder AddRecognizersText(this CompliantAIBuilder builder, string culture = "en-us")
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<PiiRecognizer, RecognizersTextDateTimeRecognizer>(_ => new RecognizersTextDateTimeRecognizer(culture)));
        return builder;
    }

    /// <summary>Adds libphonenumber validation of international phone numbers (<see cref="PhoneNumberPiiRecognizer"/>) to <see cref="IPiiDetector"/>.</summary>
    /// <param name="builder">The Compliant.AI builder (call <c>AddPiiDetection()</c> too).</param>
    /// <param name="regions">The regions whose national formats are accepted.</param>
    /// <returns>The builder, for chaining.</returns>
    public static CompliantAIBuilder AddPhoneNumberRecognizer(this CompliantAIBuilder builder, params string[] regions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<PiiRecognizer, PhoneNumberPiiRecognizer>(_ => new PhoneNumberPiiRecognizer(regions)));
        return builder;
    }
}
