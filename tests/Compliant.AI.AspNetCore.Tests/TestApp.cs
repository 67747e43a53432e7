using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Compliant.AI.AspNetCore.Tests;

/// <summary>A minimal app on the in-memory test server; the test header <c>X-Test-User</c> (id;group,group) signs a user in.</summary>
internal static class TestApp
{
    public static async Task<WebApplication> StartAsync(Action<WebApplication> map, Action<IServiceCollection>? services = null, Action<CallerClaimsOptions>? caller = null, bool middleware = false)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddCompliantAI().AddAspNetCore(caller);
        services?.Invoke(builder.Services);
        WebApplication app = builder.Build();
        app.UseExceptionHandler();
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue("X-Test-User", out var value))
            {
                string[] parts = value.ToString().Split(';');
                var claims = new List<(string, string)>();
                if (parts[0].Length > 0)
                {
                    claims.Add(("sub", parts[0]));
                }

                claims.AddRange(parts.Length > 1 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(g => ("groups", g)) : []);
                claims.AddRange(parts.Length > 2 ? [("name", parts[2])] : Array.Empty<(string, string)>());
                context.User = TestPrincipals.Authenticated([.. claims]);
            }

            return next(context);
        });
        if (middleware)
        {
            app.UseCompliantAICallerContext();
        }

        map(app);
        await app.StartAsync();
        return app;
    }
}
