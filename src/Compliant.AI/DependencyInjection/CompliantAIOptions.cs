namespace Compliant.AI;

/// <summary>Options shared by every Compliant.AI stage; bound from the configuration section <c>Compliant</c>.</summary>
public sealed class CompliantAIOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Compliant";

    /// <summary>Gets or sets a value indicating whether message content may appear in logs (at Trace level, after redaction).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    /// <remarks>Even when enabled, content is logged only after the PII redaction stage has redacted it.</remarks>
    public bool EnableSensitiveData { get; set; }
}
