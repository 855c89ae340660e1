using System.Globalization;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace TeslaSync.Web.AcceptanceTests;

/// <summary>A grid threshold changed on the settings page is stored by GridEvents, not just shown.</summary>
[Collection(SignedInCollection.Name)]
public sealed class SettingsTests(SignedInDemoSystem system)
{
    private const string Threshold = "spike.threshold";

    [Fact]
    public async Task SpikeThreshold_ChangedAndSaved_IsShownAfterAReloadAndStored()
    {
        await using var browser = await system.NewSignedInPageAsync();
        var page = browser.Page;
        await browser.OpenAsync("settings");

        var input = page.Locator($"#grid-settings-form [data-field='{Threshold}'] input");
        var before = decimal.Parse(await input.InputValueAsync(), CultureInfo.InvariantCulture);
        Assert.Equal(before, StoredThreshold(await browser.Api.GetJsonAsync("api/settings/grid")));
        // Raising the threshold keeps the deadband below it and (test mode being off) needs nothing else.
        var wanted = before + 1234m;
        await input.FillAsync(wanted.ToString(CultureInfo.InvariantCulture));
        await page.ClickAsync("#grid-settings-form button[type=submit]");
        await Expect(page.Locator("#grid-settings-form .form-status")).ToContainTextAsync("Saved");
        await browser.ScreenshotAsync("settings-saved");

        await page.ReloadAsync();
        await browser.WaitForPageAsync("settings");
        var shown = page.Locator($"#grid-settings-form [data-field='{Threshold}'] input");
        Assert.Equal(wanted, decimal.Parse(await shown.InputValueAsync(), CultureInfo.InvariantCulture));
        Assert.Equal(wanted, StoredThreshold(await browser.Api.GetJsonAsync("api/settings/grid")));
        Assert.Empty(browser.Problems);
    }

    private static decimal StoredThreshold(JsonElement grid) =>
        grid.GetProperty("settings").EnumerateArray()
            .Single(s => s.GetProperty("key").GetString() == Threshold)
            .GetProperty("value").GetDecimal();
}
