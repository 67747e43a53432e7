namespace Compliant.AI;

/// <summary>Options of <see cref="PiiRedactor"/>, the Microsoft.Extensions.Compliance.Redaction redactor; bound from <c>Compliant:Pii:Redactor</c>.</summary>
/// <remarks>The operators are one-way in logs: placeholders are numbered per redacted string and never restored.</remarks>
public sealed class PiiRedactorOptions : PiiAnonymizerOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Compliant:Pii:Redactor";
}
