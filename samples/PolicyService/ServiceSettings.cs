namespace PolicyService;

/// <summary>The service's own settings (section <c>PolicyService</c>); the assistant's live under <c>PolicyAssistant</c>, the library's under <c>Compliant</c>.</summary>
public sealed class ServiceSettings
{
    public const string SectionName = "PolicyService";

    /// <summary>Where the index, the audit ledger, the demo audit key and the development signing key live; relative to the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Development (tokens from the local signing key, minted by <c>dev-token</c>) or Oidc (a real authority).</summary>
    public string Authentication { get; set; } = "Development";

    /// <summary>The OIDC authority (issuer URL) when <see cref="Authentication"/> is Oidc, e.g. https://login.microsoftonline.com/TENANT/v2.0.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for (Oidc: the API's application id URI or client id).</summary>
    public string Audience { get; set; } = "policy-service";

    /// <summary>The issuer of development tokens.</summary>
    public string DevelopmentIssuer { get; set; } = "policy-service-dev";

    /// <summary>How long a development token lasts.</summary>
    public TimeSpan DevelopmentTokenLifetime { get; set; } = TimeSpan.FromHours(8);
}
