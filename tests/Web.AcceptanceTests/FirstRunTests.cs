using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace TeslaSync.Web.AcceptanceTests;

/// <summary>
/// A fresh installation: nobody has an account, so the dashboard asks for one; afterwards only
/// that account's password gets in.
/// </summary>
public sealed class FirstRunTests(DemoSystem system) : IClassFixture<DemoSystem>
{
    private const string UserName = "first-owner";
    private const string Password = "a long enough pass phrase";

    [Fact]
    public async Task FirstRun_SignUpThenSignOutAndIn_OnlyTheRightPasswordGetsIn()
    {
        await using var browser = await system.NewPageAsync();
        var page = browser.Page;

        await page.GotoAsync("/");
        await page.WaitForURLAsync(PagePath("setup.html"));
        await browser.ScreenshotAsync("first-run-setup");

        await page.FillAsync("#setup-form #userName", UserName);
        await page.FillAsync("#setup-form #password", Password);
        await page.FillAsync("#setup-form #confirm", Password);
        await page.ClickAsync("#setup-form button[type=submit]");
        await browser.WaitForPageAsync("dashboard");
        var state = await browser.Api.GetJsonAsync("api/auth/state");
        Assert.True(state.GetProperty("userExists").GetBoolean());
        Assert.True(state.GetProperty("signedIn").GetBoolean());
        Assert.Equal(UserName, state.GetProperty("userName").GetString());
        await browser.ScreenshotAsync("first-run-dashboard");

        // Signing out waits for the logout call, which the browser queues behind the dashboard's own requests
        // (six connections per host, one held by the live-event stream); on a busy machine that can take a while.
        await page.ClickAsync("#sign-out");
        await page.WaitForURLAsync(PagePath("login.html"), new() { Timeout = 90_000 });
        Assert.False((await browser.Api.GetJsonAsync("api/auth/state")).GetProperty("signedIn").GetBoolean());

        // The account exists now, so the first-run form is no longer offered.
        await page.GotoAsync("/setup.html");
        await page.WaitForURLAsync(PagePath("login.html"));
        await browser.ScreenshotAsync("login");

        await page.FillAsync("#login-form #userName", UserName);
        await page.FillAsync("#login-form #password", Password + " but wrong");
        await page.ClickAsync("#login-form button[type=submit]");
        var error = page.Locator("#form-error");
        await error.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        Assert.NotEqual(string.Empty, (await error.InnerTextAsync()).Trim());
        Assert.EndsWith("/login.html", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.False((await browser.Api.GetJsonAsync("api/auth/state")).GetProperty("signedIn").GetBoolean());
        await browser.ScreenshotAsync("login-wrong-password");

        await page.FillAsync("#login-form #password", Password);
        await page.ClickAsync("#login-form button[type=submit]");
        await browser.WaitForPageAsync("dashboard");
        Assert.True((await browser.Api.GetJsonAsync("api/auth/state")).GetProperty("signedIn").GetBoolean());

        // The wrong password's 401 is an expected console line; script errors and CSP violations are not.
        Assert.Empty(browser.CspViolations);
        Assert.DoesNotContain(browser.Problems, p => p.StartsWith("uncaught", StringComparison.Ordinal));
    }

    private static Regex PagePath(string file) => new($"/{Regex.Escape(file)}$");
}
