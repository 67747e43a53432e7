namespace Compliant.AI.Auditing.Internal;

/// <summary>Finds the audit key from explicit base64 text or an environment variable, with a clear error when neither is set.</summary>
internal static class AuditKeyResolver
{
    /// <summary>Whether a key is configured at all: explicit text, or a non-empty environment variable.</summary>
    public static bool IsConfigured(string? base64, string environmentVariable) =>
        !string.IsNullOrWhiteSpace(base64) || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(environmentVariable));

    public static AuditKey Resolve(string keyId, string? base64, string environmentVariable)
    {
        if (!string.IsNullOrWhiteSpace(base64))
        {
            return AuditKey.FromBase64(keyId, base64);
        }

        return AuditKey.FromEnvironment(keyId, environmentVariable);
    }
}
