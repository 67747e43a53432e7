namespace Compliant.AI;

/// <summary>A versioned prompt template that shaped an interaction, as recorded in an <see cref="AuditRecord"/>.</summary>
/// <param name="Name">The template's name, for example <c>system</c> or <c>grounding</c>.</param>
/// <param name="Version">The version label from configuration, for example <c>2026-12-01</c> or <c>v3</c>.</param>
/// <param name="Hash">The content hash of the template text (<c>sha256:</c> and 64 lowercase hexadecimal digits); never the text itself.</param>
/// <remarks>The hash lets a reviewer prove which exact text was sent, even when a version label was reused.</remarks>
public sealed record AuditPromptVersion(string Name, string Version, string Hash)
{
    /// <summary>Gets a value indicating whether this version was served as the canary candidate rather than the active version.</summary>
    public bool Candidate { get; init; }
}
