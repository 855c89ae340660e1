using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TeslaSync.Web.AcceptanceTests;

/// <summary>
/// A custom time-of-use tariff built in the browser: one with hours that belong to no period is
/// refused with the validator's reasons and not stored; once fixed, it is saved as a profile.
/// </summary>
[Collection(SignedInCollection.Name)]
public sealed class BuilderTests(SignedInDemoSystem system)
{
    [Fact]
    public async Task CustomTou_WithUncoveredHours_IsRefusedUntilFixedThenSaved()
    {
        await using var browser = await system.NewSignedInPageAsync();
        var page = browser.Page;
        var name = $"Built {Guid.NewGuid():N}"[..16];
        await browser.OpenAsync("builder");

        // The builder opens on its example (weekday peak 16:00-21:00, shoulder from 21:00); ending the peak
        // at 20:00 leaves 20:00-21:00 on weekdays in no period.
        await page.FillAsync("#page-builder [data-field=name] input", name);
        var peakEnd = page.Locator(".period[data-season='0'][data-period='0'] .window-row[data-window='0'] input[aria-label='Window 1 end']");
        Assert.Equal("21:00", await peakEnd.InputValueAsync());
        await peakEnd.FillAsync("20:00");

        await page.ClickAsync("#builder-check");
        var result = page.Locator("#panel-builder-result");
        await Expect(result).ToHaveAttributeAsync("data-valid", "false");
        await Expect(result.Locator(".problem-summary")).ToBeVisibleAsync();
        var problems = page.Locator("#builder-problems li, #page-builder .field-problems li");
        Assert.True(await problems.CountAsync() > 0, "no validation problem is shown");
        await browser.ScreenshotAsync("builder-invalid");

        var profilesBefore = await ProfilesAsync(browser);
        await page.ClickAsync("#builder-save");
        await Expect(page.Locator("#builder .form-error")).ToBeVisibleAsync();
        Assert.Equal(profilesBefore, await ProfilesAsync(browser));
        Assert.DoesNotContain(profilesBefore, p => p.Name == name);

        await peakEnd.FillAsync("21:00");
        await page.ClickAsync("#builder-check");
        await Expect(result).ToHaveAttributeAsync("data-valid", "true");
        await Expect(page.Locator("#builder-valid")).ToBeVisibleAsync();
        await page.ClickAsync("#builder-save");
        await Expect(page.Locator("#builder .form-status")).ToContainTextAsync(name);
        await browser.ScreenshotAsync("builder-saved");

        var saved = Assert.Single(await ProfilesAsync(browser), p => p.Name == name);
        Assert.Equal("custom", saved.Source);
        Assert.Equal(profilesBefore.Count + 1, (await ProfilesAsync(browser)).Count);
        // Chromium logs the refused save's 400 as a failed resource; nothing else may go wrong.
        Assert.DoesNotContain(browser.Problems, p => !p.Contains("status of 400", StringComparison.Ordinal));
    }

    private sealed record Profile(string Id, string Name, string Source);

    private static async Task<List<Profile>> ProfilesAsync(BrowserPage browser) =>
        [.. (await browser.Api.GetJsonAsync("api/profiles")).EnumerateArray().Select(p => new Profile(
            p.GetProperty("id").ToString(), p.GetProperty("name").GetString()!, p.GetProperty("source").GetString()!))];
}
