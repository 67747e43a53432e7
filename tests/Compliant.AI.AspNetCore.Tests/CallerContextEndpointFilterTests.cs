using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Compliant.AI.AspNetCore.Tests;

public sealed class CallerContextEndpointFilterTests
{
    private const string Canary = "Zelda Canary-Quixote";

    private static string Describe(CallerContext? caller) => caller is null ? "none" : $"{caller.UserId}|{string.Join(",", caller.Groups)}";

    private static Task<WebApplication> StartAsync(bool middleware = false) => TestApp.StartAsync(
        app =>
        {
            if (middleware)
            {
                app.MapGet("/who", (ICallerContextAccessor accessor, HttpContext http) => Describe(accessor.Current) + "|" + Describe(http.GetCompliantAICaller()));
            }
            else
            {
                app.MapGet("/who", (ICallerContextAccessor accessor, HttpContext http) => Describe(accessor.Current) + "|" + Describe(http.GetCompliantAICaller())).RequireCompliantAICaller();
                app.MapGet("/stream", async (ICallerContextAccessor accessor, HttpContext http) =>
                {
                    http.Response.ContentType = "text/plain";
                    for (int i = 0; i < 3; i++)
                    {
                        await Task.Yield();
                        await http.Response.WriteAsync(Describe(accessor.Current) + "\n");
                        await http.Response.Body.FlushAsync();
                    }
                }).RequireCompliantAICaller();
                app.MapGet("/ambient-after", (ICallerContextAccessor accessor) => Describe(accessor.Current));
            }
        },
        middleware: middleware);

    [Fact]
    public async Task RequireCompliantAICaller_AuthenticatedUser_CallerAmbientInHandlerAndOnFeatures()
    {
        await using WebApplication app = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/who");
        request.Headers.Add("X-Test-User", "alice;Security-Team,HR");

        HttpResponseMessage response = await app.GetTestClient().SendAsync(request);

        Assert.Equal("alice|hr,security-team|alice|hr,security-team", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RequireCompliantAICaller_StreamedResponse_CallerAmbientOnEveryChunk()
    {
        await using WebApplication app = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/stream");
        request.Headers.Add("X-Test-User", "bob;hr");

        string body = await (await app.GetTestClient().SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Equal(["bob|hr", "bob|hr", "bob|hr"], body.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task RequireCompliantAICaller_NoUser_Returns401ProblemDetails()
    {
        await using WebApplication app = await StartAsync();

        HttpResponseMessage response = await app.GetTestClient().GetAsync("/who");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(CompliantAIProblemTypes.Unauthenticated, problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task RequireCompliantAICaller_MissingUserId_Returns403WithoutPersonalData()
    {
        await using WebApplication app = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/who");
        request.Headers.Add("X-Test-User", $";hr;{Canary}");

        HttpResponseMessage response = await app.GetTestClient().SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        JsonElement problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(CompliantAIProblemTypes.MissingClaim, problem.GetProperty("type").GetString());
        Assert.Equal("user_id", problem.GetProperty("claim").GetString());
        Assert.DoesNotContain(Canary, body, StringComparison.Ordinal);
        Assert.DoesNotContain("hr", body.Replace("https", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequireCompliantAICaller_AfterRequest_AmbientCallerNotLeakedToOtherEndpoints()
    {
        await using WebApplication app = await StartAsync();
        HttpClient client = app.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/who");
        request.Headers.Add("X-Test-User", "alice;hr");
        await client.SendAsync(request);

        Assert.Equal("none", await client.GetStringAsync("/ambient-after"));
    }

    [Fact]
    public async Task UseCompliantAICallerContext_AuthenticatedAndAnonymous_MapsOrPassesThrough()
    {
        await using WebApplication app = await StartAsync(middleware: true);
        HttpClient client = app.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/who");
        request.Headers.Add("X-Test-User", "carol;Ward-7");

        Assert.Equal("carol|ward-7|carol|ward-7", await (await client.SendAsync(request)).Content.ReadAsStringAsync());
        Assert.Equal("none|none", await client.GetStringAsync("/who"));
    }

    [Fact]
    public async Task UseCompliantAICallerContext_MissingUserId_Returns403()
    {
        await using WebApplication app = await StartAsync(middleware: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/who");
        request.Headers.Add("X-Test-User", ";hr");

        HttpResponseMessage response = await app.GetTestClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(CompliantAIProblemTypes.MissingClaim, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task AddAspNetCore_InvalidOptions_FailsAtStartWithTheKey()
    {
        OptionsValidationExceptionCatcher caught = await OptionsValidationExceptionCatcher.RunAsync(() => TestApp.StartAsync(_ => { }, caller: o => o.GroupClaimTypes = ["groups", " "]));

        Assert.Contains("Compliant:Caller:GroupClaimTypes", caught.Message, StringComparison.Ordinal);
    }

    private sealed record OptionsValidationExceptionCatcher(string Message)
    {
        public static async Task<OptionsValidationExceptionCatcher> RunAsync(Func<Task<WebApplication>> start)
        {
            var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () => await (await start()).DisposeAsync());
            return new(ex.Message);
        }
    }
}
