using System.Security.Claims;

namespace Compliant.AI.AspNetCore.Tests;

internal static class TestPrincipals
{
    public static ClaimsPrincipal Authenticated(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), authenticationType: "Test"));

    public static ClaimsPrincipal Anonymous() => new(new ClaimsIdentity());
}
