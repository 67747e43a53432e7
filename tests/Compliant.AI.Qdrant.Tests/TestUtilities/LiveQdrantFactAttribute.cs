namespace Compliant.AI.Tests;

/// <summary>A fact that runs against a real Qdrant server only when <c>QDRANT_URL</c> is set, and is reported as skipped (with the reason) otherwise.</summary>
/// <remarks><c>QDRANT_API_KEY</c> is sent as the <c>api-key</c> header when set.</remarks>
public sealed class LiveQdrantFactAttribute : FactAttribute
{
    public LiveQdrantFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("QDRANT_URL")))
        {
            Skip = "live Qdrant test: set QDRANT_URL to the gRPC endpoint (for example http://localhost:6334) to run it against a real server; see docs/qdrant.md";
        }
    }

    public static Uri Url => new(Environment.GetEnvironmentVariable("QDRANT_URL")!);

    public static string? ApiKey => Environment.GetEnvironmentVariable("QDRANT_API_KEY") is { Length: > 0 } key ? key : null;
}
