using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TeslaSync.Web.AcceptanceTests;

/// <summary>
/// Every page of the dashboard, signed in on the demo system: it draws real data from the running
/// services (not placeholders), shows the demo banner, and the browser reports no script errors or
/// Content-Security-Policy violations on the way.
/// </summary>
[Collection(SignedInCollection.Name)]
public sealed partial class PagesTests(SignedInDemoSystem system)
{
    private static readonly TimeSpan PanelPatience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Dashboard_EveryPanelShowsLiveData()
    {
        await using var browser = await system.NewSignedInPageAsync();
        var page = browser.Page;

        await page.GotoAsync("/");
        await browser.WaitForPageAsync("dashboard");
        await Expect(page.Locator("#demo-banner")).ToBeVisibleAsync();
        await Panels.WaitUntilReadyAsync(page, PanelPatience,
            "health", "aemo", "price", "powerwall", "tariff", "price-history", "bill", "budget");
        // A just-started system has sampled the Powerwall but may not have rolled up any energy yet: these
        // two must show their data or say there is none, never fail.
        await Panels.WaitUntilDrawnAsync(page, PanelPatience, "energy", "summary");

        // The price now, and the next six half-hours, each coloured by its price band.
        Assert.Matches(CentsPerKwh(), await page.Locator("#panel-price .stat-value").First.InnerTextAsync());
        var next = page.Locator("#panel-price .next-intervals .price-chip");
        Assert.Equal(6, await next.CountAsync());
        foreach (var chip in await next.AllAsync())
        {
            Assert.Matches(CentsPerKwh(), await chip.InnerTextAsync());
            Assert.Matches(PriceBand(), await chip.GetAttributeAsync("class") ?? string.Empty);
        }

        var soc = page.Locator("#panel-powerwall [role=meter]");
        var percent = double.Parse(await soc.GetAttributeAsync("aria-valuenow") ?? "", CultureInfo.InvariantCulture);
        Assert.InRange(percent, 0, 100);
        Assert.Matches(@"\d+%", await page.Locator("#panel-powerwall").InnerTextAsync());

        // Tesla's 24-hour wheel: 48 half-hours, exactly one of them marked as now.
        Assert.Equal(48, await page.Locator("#panel-tariff .tou-slot").CountAsync());
        Assert.Equal(1, await page.Locator("#panel-tariff .tou-slot[aria-current=time]").CountAsync());

        Assert.True(await ChartPointsAsync(page.Locator("#panel-price-history canvas")) > 0, "the price history chart has no points");
        if (await page.Locator("#panel-energy").GetAttributeAsync("data-state") == "ready")
        {
            Assert.True(await ChartPointsAsync(page.Locator("#panel-energy canvas")) > 0, "the energy chart has no points");
        }

        Assert.Matches(@"\d", await page.Locator("#panel-aemo").InnerTextAsync());
        Assert.Matches(@"\$\d", await page.Locator("#panel-budget").InnerTextAsync());
        Assert.Matches(@"\d|yet", await page.Locator("#panel-summary").InnerTextAsync());
        Assert.Matches(@"\$\d", await page.Locator("#panel-bill").InnerTextAsync());

        await browser.ScreenshotAsync("dashboard");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task EveryOtherPage_ReachedFromTheNav_ShowsLiveDataWithoutErrors()
    {
        await using var browser = await system.NewSignedInPageAsync();
        var page = browser.Page;
        await page.GotoAsync("/");
        await browser.WaitForPageAsync("dashboard");

        await OpenFromNavAsync(browser, "events");
        await Expect(page.Locator("#demo-banner")).ToBeVisibleAsync();
        // The demo system has synced the tariff at least once by the time it is ready.
        await page.Locator("#event-list > li").First.WaitForAsync();
        await browser.ScreenshotAsync("events");

        var settings = await OpenFromNavAsync(browser, "settings");
        await Expect(page.Locator("#demo-banner")).ToBeVisibleAsync();
        await page.Locator("#grid-settings-form [data-field]").First.WaitForAsync();
        Assert.True(await settings.Locator("#auto-sync").CountAsync() == 1, "the auto-sync switch is missing");
        await browser.ScreenshotAsync("settings");

        await OpenFromNavAsync(browser, "profiles");
        await Expect(page.Locator("#demo-banner")).ToBeVisibleAsync();
        await Expect(page.Locator("#panel-profile-save form")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("profiles");

        await OpenFromNavAsync(browser, "builder");
        await Expect(page.Locator("#demo-banner")).ToBeVisibleAsync();
        await Expect(page.Locator("form#builder")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("builder");

        await OpenFromNavAsync(browser, "logs");
        await Expect(page.Locator("#demo-banner")).ToBeVisibleAsync();
        await page.Locator("#log-list > li").First.WaitForAsync();
        Assert.Matches(@"\w", await page.Locator("#log-list > li").First.InnerTextAsync());
        await browser.ScreenshotAsync("logs");

        Assert.Empty(browser.Problems);
    }

    private static async Task<ILocator> OpenFromNavAsync(BrowserPage browser, string name)
    {
        await browser.Page.ClickAsync($"#nav a[data-page={name}]");
        return await browser.WaitForPageAsync(name);
    }

    /// <summary>How many data points the Chart.js chart on this canvas draws (0 when there is no chart).</summary>
    private static async Task<int> ChartPointsAsync(ILocator canvas) =>
        await canvas.EvaluateAsync<int>(
            "c => { const chart = globalThis.Chart?.getChart(c); return chart ? chart.data.datasets.reduce((n, d) => n + d.data.length, 0) : 0; }");

    [GeneratedRegex(@"^[−-]?\d[\d,]*(\.\d+)? c/kWh$")]
    private static partial Regex CentsPerKwh();

    [GeneratedRegex(@"\bprice-(low|medium|high|spike)\b")]
    private static partial Regex PriceBand();
}
