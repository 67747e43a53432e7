using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace PolicyService.Tests;

/// <summary>
/// The page in a real browser: Debian's Chromium (COMPLIANT_TEST_CHROMIUM, else /usr/bin/chromium) driven by Playwright
/// against the service on a loopback port. Skips with a message where Chromium is absent, except under COMPLIANT_CI=1.
/// </summary>
public sealed class BrowserTests : IDisposable
{
    private readonly PolicyServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [ChromiumFact]
    public async Task Page_SignInAskStreamCitationThenAccessDeniedAsAnotherUser_NoConsoleErrors()
    {
        string chromium = ChromiumFactAttribute.Path
            ?? throw new InvalidOperationException("COMPLIANT_CI=1 but no Chromium at COMPLIANT_TEST_CHROMIUM or /usr/bin/chromium.");
        _factory.UseKestrel(0);
        _factory.StartServer();
        string address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        IPage page = await browser.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => consoleErrors.Add(error);

        await page.GotoAsync(address + "/");

        // Sign in as carol (compliance) with the keyboard only, ask, and wait for the streamed answer and its citation.
        await page.GetByLabel("Development token").FillAsync(_factory.Issuer.Mint("carol", ["compliance"]));
        await page.GetByLabel("Development token").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("Signed in as carol");
        await page.GetByLabel("Question").FillAsync("Which vendor risk score blocks a contract?");
        await page.GetByLabel("Question").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Answer complete.");
        ILocator citation = page.Locator("#citations li").First;
        await Assertions.Expect(citation).ToContainTextAsync("Vendor");
        await Assertions.Expect(page.Locator("#answer a[href^='#passage-S']").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#refusal")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#audit-id")).Not.ToHaveTextAsync("-");
        await page.Locator("#answer a[href^='#passage-S']").First.ClickAsync();
        Assert.StartsWith("#passage-S", await page.EvaluateAsync<string>("location.hash"), StringComparison.Ordinal);

        Directory.CreateDirectory(ArtifactsDirectory());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory(), "policy-service-answer.png"), FullPage = true });

        // Another user, outside the policy's groups: a clear "cannot answer", no citation, no restricted text.
        await page.GetByLabel("Development token").FillAsync(_factory.Issuer.Mint("erin", ["hr"]));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("Signed in as erin");
        await page.GetByLabel("Question").FillAsync("Which vendor risk score blocks a contract?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();
        await Assertions.Expect(page.Locator("#refusal")).ToContainTextAsync("Cannot answer from approved sources");
        await Assertions.Expect(page.Locator("#citations li")).ToHaveCountAsync(0);
        Assert.DoesNotContain("70", await page.Locator("#answer").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory(), "policy-service-denied.png"), FullPage = true });

        Assert.Empty(consoleErrors);
    }

    private static string ArtifactsDirectory()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Compliant.AI.sln")))
            {
                return Path.Combine(dir.FullName, "artifacts");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "artifacts");
    }
}
