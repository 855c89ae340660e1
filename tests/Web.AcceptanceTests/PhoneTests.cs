using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TeslaSync.Web.AcceptanceTests;

/// <summary>The dashboard on a phone (375 px wide): every page fits the width and the nav still works.</summary>
[Collection(SignedInCollection.Name)]
public sealed class PhoneTests(SignedInDemoSystem system)
{
    private static readonly ViewportSize Phone = new() { Width = 375, Height = 812 };

    [Fact]
    public async Task EveryPage_AtPhoneWidth_HasNoHorizontalScrollAndIsReachedThroughTheNav()
    {
        await using var browser = await system.NewSignedInPageAsync(Phone);
        var page = browser.Page;
        await page.GotoAsync("/");
        await browser.WaitForPageAsync("dashboard");
        var overflowing = new List<string>();

        foreach (var name in new[] { "dashboard", "events", "settings", "profiles", "builder", "logs" })
        {
            // A narrow screen may fold the nav behind its menu button; either way the link must be reachable.
            var link = page.Locator($"#nav a[data-page={name}]");
            if (!await link.IsVisibleAsync())
            {
                await page.ClickAsync("#nav-toggle");
            }

            await Expect(link).ToBeVisibleAsync();
            await link.ClickAsync();
            await browser.WaitForPageAsync(name);
            await Expect(link).ToHaveAttributeAsync("aria-current", "page");
            var widths = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
            if (widths[0] > widths[1])
            {
                overflowing.Add($"{name}: {widths[0]} px wide in a {widths[1]} px window");
            }

            await browser.ScreenshotAsync($"phone-{name}");
        }

        Assert.Empty(overflowing);
        Assert.Empty(browser.Problems);
    }
}
