using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PolicyService;

/// <summary>
/// The development token issuer: a local HMAC-SHA256 signing key kept in the data folder (created once, owner-only),
/// used to mint tokens for a user and groups (<c>dev-token</c>) and to validate them. Never for production: configure
/// <c>PolicyService:Authentication=Oidc</c> with a real authority instead.
/// </summary>
public sealed class DevTokenIssuer
{
    public const string KeyFileName = "dev-signing.key";

    private readonly ServiceSettings _settings;
    private readonly TimeProvider _time;

    public DevTokenIssuer(string dataDirectory, ServiceSettings settings, TimeProvider time)
    {
        _settings = settings;
        _time = time;
        Directory.CreateDirectory(dataDirectory);
        string path = Path.Combine(dataDirectory, KeyFileName);
        if (!File.Exists(path))
        {
            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Select(c => (byte)c).ToArray());
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        Key = new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(path).Trim())) { KeyId = "dev" };
    }

    /// <summary>Gets the signing key (validation uses it too).</summary>
    public SymmetricSecurityKey Key { get; }

    /// <summary>Mints a token for <paramref name="user"/> in <paramref name="groups"/>, valid from now for the configured lifetime (or <paramref name="lifetime"/>).</summary>
    public string Mint(string user, IEnumerable<string> groups, TimeSpan? lifetime = null, IEnumerable<string>? purposes = null, string? name = null)
    {
        DateTime now = _time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object> { ["sub"] = user };
        string[] g = groups.ToArray();
        if (g.Length > 0)
        {
            claims["groups"] = g;
        }

        if (purposes?.ToArray() is { Length: > 0 } p)
        {
            claims["purpose_of_use"] = p;
        }

        if (name is not null)
        {
            claims["name"] = name;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = _settings.DevelopmentIssuer,
            Audience = _settings.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? _settings.DevelopmentTokenLifetime),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
